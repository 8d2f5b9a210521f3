import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Shutting down without cutting anyone off. Node's `server.close()` destroys the
 * connections it deems idle, including one whose last response still sits in the socket's
 * write buffer. So we first end every connection ourselves (which flushes before closing):
 * idle ones at once, busy ones when their response is done; new connections are refused.
 * Only then is the server closed. Whatever is still open after the grace period (a client
 * that never finishes its headers, say) is destroyed, so shutdown cannot hang.
 */
export class ConnectionTracker {
  private readonly inFlight = new Map<Socket, number>();
  private closing = false;
  private allClosed: (() => void) | undefined;

  constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      if (this.closing) {
        socket.destroy();
        return;
      }
      this.inFlight.set(socket, 0);
      socket.on('close', () => {
        this.inFlight.delete(socket);
        if (this.closing && this.inFlight.size === 0) this.allClosed?.();
      });
    });
    server.on('request', (request, response) => {
      const socket = request.socket;
      this.inFlight.set(socket, (this.inFlight.get(socket) ?? 0) + 1);
      let counted = true;
      const finished = (): void => {
        if (!counted) return;
        counted = false;
        this.done(socket);
      };
      response.once('finish', finished);
      response.once('close', finished);
    });
  }

  private done(socket: Socket): void {
    const count = this.inFlight.get(socket);
    if (count === undefined) return;
    const left = Math.max(count - 1, 0);
    this.inFlight.set(socket, left);
    if (this.closing && left === 0) socket.end();
  }

  /** Ends connections as they become idle, waits up to `graceMs`, then stops the server. */
  async drain(stopServer: () => Promise<void>, graceMs: number): Promise<void> {
    this.closing = true;
    const closed = new Promise<void>((resolve) => {
      this.allClosed = resolve;
      if (this.inFlight.size === 0) resolve();
    });
    for (const [socket, count] of this.inFlight) if (count === 0) socket.end();

    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
      timer.unref();
    });
    await Promise.race([closed, deadline]);
    clearTimeout(timer);
    for (const socket of this.inFlight.keys()) socket.destroy();
    await stopServer();
  }
}
