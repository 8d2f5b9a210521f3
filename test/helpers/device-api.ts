/**
 * A thin Apple-API caller for the device tests: one session per MDM server, a chosen
 * protocol version, and the raw answer (status, bare error code or JSON).
 */
import type { ServerToken } from '../../src/token/server-token.js';
import {
  appleCall,
  createMdmServer,
  requestSession,
  type CreatedMdmServer,
  type RawResponse,
  type TestServer,
} from './test-server.js';

export interface DevicePageBody {
  devices: Array<Record<string, unknown>>;
  cursor: string;
  fetched_until: string;
  more_to_follow: boolean;
}

export class AppleApi {
  private session: string | undefined;

  constructor(
    private readonly server: TestServer,
    readonly token: ServerToken,
    readonly version = 10,
  ) {}

  /** A session signed at the emulator's (movable) time, so moving the clock is harmless. */
  private async newSession(): Promise<string> {
    const answer = await requestSession(this.server.url, this.token, {
      now: this.server.clock.now(),
    });
    if (answer.status !== 200) throw new Error(`session answered ${answer.status}`);
    return answer.json<{ auth_session_token: string }>().auth_session_token;
  }

  async call(method: string, path: string, body?: unknown, version = this.version) {
    this.session ??= await this.newSession();
    let answer = await this.send(method, path, body, version);
    if (answer.status === 401) {
      this.session = await this.newSession();
      answer = await this.send(method, path, body, version);
    }
    return answer;
  }

  private send(method: string, path: string, body: unknown, version: number) {
    return appleCall(this.server.url, this.session, method, path, {
      ...(body === undefined ? {} : { body }),
      headers: { 'x-server-protocol-version': String(version) },
    });
  }

  /** A 200 JSON answer, or a thrown error naming the status and body. */
  async ok<T = Record<string, unknown>>(method: string, path: string, body?: unknown) {
    const answer = await this.call(method, path, body);
    if (answer.status !== 200) {
      throw new Error(`${method} ${path} answered ${answer.status} ${answer.text}`);
    }
    return answer.json<T>();
  }

  fetchPage(body: Record<string, unknown> = {}): Promise<DevicePageBody> {
    return this.ok<DevicePageBody>('POST', '/server/devices', body);
  }

  syncPage(body: Record<string, unknown>): Promise<DevicePageBody> {
    return this.ok<DevicePageBody>('POST', '/devices/sync', body);
  }
}

/** The error a call answered: its status and bare code. */
export function errorOf(answer: RawResponse): [number, string] {
  return [answer.status, answer.text];
}

/** A new MDM server with `count` generated devices on it, and an API caller for it. */
export async function serverWithDevices(
  server: TestServer,
  count: number,
  version = 10,
): Promise<{ mdm: CreatedMdmServer; api: AppleApi }> {
  const mdm = await createMdmServer(server);
  if (count > 0) {
    const generated = await server.admin('POST', '/devices/generate', {
      server_uuid: mdm.server_uuid,
      count,
    });
    if (generated.status !== 201) throw new Error(`generate answered ${generated.status}`);
  }
  return { mdm, api: new AppleApi(server, mdm.token, version) };
}

/** Every page of a fetch from scratch: the devices and the last (finished) cursor. */
export async function fetchAll(api: AppleApi, limit?: number) {
  const devices: Array<Record<string, unknown>> = [];
  let page = await api.fetchPage(limit === undefined ? {} : { limit });
  devices.push(...page.devices);
  while (page.more_to_follow) {
    page = await api.fetchPage({ cursor: page.cursor, ...(limit === undefined ? {} : { limit }) });
    devices.push(...page.devices);
  }
  return { devices, cursor: page.cursor };
}
