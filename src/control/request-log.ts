import { RingBuffer } from './ring-buffer.js';
import { queryLog, type LogEntry, type LogFilter } from './request-log-query.js';

export const DEFAULT_REQUEST_LOG_SIZE = 1000;

/**
 * This instance's log of requests to Apple's paths, newest kept, oldest dropped. In
 * memory: each instance of a shared database keeps its own (documented in docs/faults.md).
 */
export class RequestLog {
  private readonly ring: RingBuffer<LogEntry>;
  private nextId = 1;

  constructor(
    size: number,
    public bodies: boolean,
  ) {
    this.ring = new RingBuffer<LogEntry>(size);
  }

  get size(): number {
    return this.ring.capacity;
  }

  record(entry: Omit<LogEntry, 'id'>): LogEntry {
    const stored = { ...entry, id: this.nextId };
    this.nextId += 1;
    this.ring.push(stored);
    return stored;
  }

  query(filter: LogFilter): LogEntry[] {
    return queryLog(this.ring.toArray(), filter);
  }

  /** Ids keep counting after a clear, so a tail never sees an id twice. */
  clear(): void {
    this.ring.clear();
  }

  resize(size: number): void {
    this.ring.resize(size);
  }

  get lastId(): number {
    return this.nextId - 1;
  }
}
