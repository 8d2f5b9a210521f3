import type { ServerToken } from '../token/server-token.js';
import { DepError, errorCodeOf } from './errors.js';
import { sessionAuthorizationHeader } from './oauth-signer.js';
import type {
  AssignProfileResponse,
  DefineProfileResponse,
  ProfileDefinitionInput,
  ProfileResponse,
  RemoveProfileResponse,
} from './types.js';

export const APPLE_BASE_URL = 'https://mdmenrollment.apple.com';

export interface DepClientOptions {
  token: ServerToken;
  /** Defaults to Apple's service; the emulator is just another base URL. */
  baseUrl?: string;
  userAgent?: string;
  protocolVersion?: number;
  fetch?: typeof fetch;
}

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * A client of Apple's Device Assignment Services. Gets a session lazily, adopts a new
 * `X-ADM-Auth-Session` whenever a response carries one, and on 401 or 403 FORBIDDEN
 * renews the session once and replays the request with the same body.
 */
export class DepClient {
  private readonly baseUrl: string;
  private readonly userAgent: string;
  private readonly protocolVersion: number;
  private readonly fetchImpl: typeof fetch;
  private session: string | undefined;

  constructor(private readonly options: DepClientOptions) {
    this.baseUrl = (options.baseUrl ?? APPLE_BASE_URL).replace(/\/+$/, '');
    this.userAgent = options.userAgent ?? 'opendep-client/0.1';
    this.protocolVersion = options.protocolVersion ?? 3;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Signs `GET /session` with the server token and keeps the session it returns. */
  async startSession(): Promise<string> {
    const url = `${this.baseUrl}/session`;
    const { token } = this.options;
    const response = await this.fetchImpl(url, {
      method: 'GET',
      headers: {
        authorization: sessionAuthorizationHeader({
          url,
          consumerKey: token.consumer_key,
          consumerSecret: token.consumer_secret,
          accessToken: token.access_token,
          accessSecret: token.access_secret,
        }),
        'user-agent': this.userAgent,
        'x-server-protocol-version': String(this.protocolVersion),
      },
    });
    const text = await response.text();
    if (!response.ok) throw new DepError(response.status, errorCodeOf(text), 'GET', '/session');
    const session = (JSON.parse(text) as { auth_session_token?: unknown }).auth_session_token;
    if (typeof session !== 'string' || session === '') {
      throw new DepError(response.status, 'EMPTY_SESSION_TOKEN', 'GET', '/session');
    }
    this.session = session;
    return session;
  }

  defineProfile(profile: ProfileDefinitionInput): Promise<DefineProfileResponse> {
    return this.call('POST', '/profile', profile);
  }

  getProfile(profileUuid: string): Promise<ProfileResponse> {
    return this.call('GET', `/profile?profile_uuid=${encodeURIComponent(profileUuid)}`);
  }

  assignProfile(profileUuid: string, serials: string[]): Promise<AssignProfileResponse> {
    return this.call('POST', '/profile/devices', { profile_uuid: profileUuid, devices: serials });
  }

  removeProfile(serials: string[]): Promise<RemoveProfileResponse> {
    return this.call('DELETE', '/profile/devices', { devices: serials });
  }

  /** One API call with at most one session renewal. */
  async call<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (this.session === undefined) await this.startSession();

    let response = await this.send(method, path, payload);
    if (await this.sessionNeedsRenewal(response)) {
      await this.startSession();
      response = await this.send(method, path, payload);
    }
    const text = await response.text();
    if (!response.ok) throw new DepError(response.status, errorCodeOf(text), method, path);
    return JSON.parse(text) as T;
  }

  private async send(method: HttpMethod, path: string, payload: string | undefined) {
    const response = await this.fetchImpl(`${this.baseUrl}${path}`, {
      method,
      headers: {
        'x-adm-auth-session': this.session ?? '',
        'user-agent': this.userAgent,
        'x-server-protocol-version': String(this.protocolVersion),
        ...(payload === undefined ? {} : { 'content-type': 'application/json;charset=UTF8' }),
      },
      ...(payload === undefined ? {} : { body: payload }),
    });
    const rotated = response.headers.get('x-adm-auth-session');
    if (rotated !== null && rotated !== '' && rotated !== this.session) this.session = rotated;
    return response;
  }

  /** 401, or 403 whose code is FORBIDDEN (T_C_NOT_SIGNED and ACCESS_DENIED must surface). */
  private async sessionNeedsRenewal(response: Response): Promise<boolean> {
    if (response.status === 401) return true;
    if (response.status !== 403) return false;
    const code = errorCodeOf(await response.clone().text());
    return code.includes('FORBIDDEN');
  }
}
