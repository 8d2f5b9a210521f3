/** A bounded buffer that drops its oldest item to make room; oldest first when read. */
export class RingBuffer<T> {
  private items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(private capacityValue: number) {
    if (!Number.isInteger(capacityValue) || capacityValue < 1) {
      throw new RangeError('a ring buffer holds at least one item');
    }
    this.items = new Array<T | undefined>(capacityValue);
  }

  get capacity(): number {
    return this.capacityValue;
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    const end = (this.start + this.count) % this.capacityValue;
    this.items[end] = item;
    if (this.count < this.capacityValue) this.count += 1;
    else this.start = (this.start + 1) % this.capacityValue;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i += 1) {
      out.push(this.items[(this.start + i) % this.capacityValue] as T);
    }
    return out;
  }

  clear(): void {
    this.items = new Array<T | undefined>(this.capacityValue);
    this.start = 0;
    this.count = 0;
  }

  /** A new capacity, keeping the newest items that fit. */
  resize(capacity: number): void {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError('a ring buffer holds at least one item');
    }
    const kept = this.toArray().slice(-capacity);
    this.capacityValue = capacity;
    this.clear();
    for (const item of kept) this.push(item);
  }
}
