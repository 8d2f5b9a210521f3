/**
 * One DEP API call, end to end: headers Apple expects, the session (obtained lazily,
 * adopted from any response, renewed once on 401 or 403 FORBIDDEN), 429/503 retries,
 * and Apple's bare error codes turned into DepError.
 */
import type { ServerToken } from '../token/server-token.js';
import { DepError, DepNetworkError, DepProtocolError, errorCodeOf } from './errors.js';
import type { DepLogger } from './logger.js';
import { sessionAuthorizationHeader } from './oauth-signer.js';
import type { RetryPolicy } from './retry-policy.js';
import { assertTokenCurrent, SessionKeeper } from './session.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ApiCall {
  method: HttpMethod;
  /** Path and query, e.g. `/profile?profile_uuid=...`. */
  path: string;
  /** Sent as JSON; the same bytes again on a replay. */
  body?: unknown;
  /** This call's `X-Server-Protocol-Version`, when it must differ from the client's. */
  protocolVersion?: number;
  /**
   * The answer may be empty (the calls Apple documents as answering nothing). Otherwise a
   * 2xx must carry a JSON object, or DepProtocolError is thrown.
   */
  emptyAnswer?: boolean;
}

export interface TransportSettings {
  token: ServerToken;
  baseUrl: string;
  userAgent: string;
  protocolVersion: number;
  fetch: typeof fetch;
  retry: RetryPolicy;
  log: DepLogger;
  now: () => Date;
  /** Per attempt: sending the request and reading the whole answer. */
  timeoutMs: number;
}

/** What came back, read once. */
interface Answer {
  status: number;
  text: string;
  /** The session this answer was for, so a renewal knows which one failed. */
  session: string | undefined;
  retryAfterMs?: number;
}

// Apple labels its JSON this way and its simulator insists on it, even on GET /session.
const JSON_TYPE = 'application/json;charset=UTF8';

export class DepTransport {
  readonly sessions: SessionKeeper;

  constructor(private readonly settings: TransportSettings) {
    this.sessions = new SessionKeeper(() => this.openSession(), settings.log);
  }

  /** The parsed JSON answer of `call` (undefined for an empty 2xx body if `emptyAnswer`). */
  async request<T>(call: ApiCall): Promise<T> {
    assertTokenCurrent(this.settings.token, this.settings.now());
    const payload = call.body === undefined ? undefined : JSON.stringify(call.body);

    let answer = await this.exchange(call, payload);
    // Once only: a second refusal is an answer, not a reason to loop.
    if (needsNewSession(answer)) {
      await this.sessions.renew(answer.session);
      answer = await this.exchange(call, payload);
    }
    return readAnswer<T>(call, answer);
  }

  /** `GET /session`, signed with the server token; the session it grants. */
  private async openSession(): Promise<string> {
    assertTokenCurrent(this.settings.token, this.settings.now());
    const call: ApiCall = { method: 'GET', path: '/session' };
    const answer = await this.exchange(call, undefined);
    const body = readAnswer<{ auth_session_token?: unknown } | undefined>(call, answer);
    const session = body?.auth_session_token;
    if (typeof session !== 'string' || session === '') {
      throw new DepProtocolError('GET', '/session', 'no auth_session_token in the answer');
    }
    return session;
  }

  /** Sends `call`, waiting and retrying on 429/503 as the retry policy says. */
  private async exchange(call: ApiCall, payload: string | undefined): Promise<Answer> {
    const { retry, log } = this.settings;
    for (let retriesDone = 0; ; retriesDone += 1) {
      // Read each attempt: a concurrent call may have renewed or rotated it meanwhile.
      const session = call.path === '/session' ? undefined : await this.sessions.current();
      log({ event: 'request', method: call.method, path: call.path, attempt: retriesDone + 1 });
      const started = performance.now();
      // One deadline for the request and its body: a server that stalls mid-answer is
      // as unanswered as one that never replies.
      const signal = AbortSignal.timeout(this.settings.timeoutMs);
      const response = await this.send(call, payload, session, signal);
      const text = await response.text().catch((cause: unknown) => {
        throw this.networkError(call, cause, signal);
      });
      const durationMs = Math.round(performance.now() - started);
      const status = response.status;
      log({ event: 'response', method: call.method, path: call.path, status, durationMs });
      this.adoptRotatedSession(response);

      const retryAfter = response.headers.get('retry-after');
      const decision = retry.decide(response.status, retryAfter, retriesDone, this.settings.now());
      if (!decision.retry) {
        const base = { status: response.status, text, session };
        return decision.retryAfterMs === undefined
          ? base
          : { ...base, retryAfterMs: decision.retryAfterMs };
      }
      log({
        event: 'retry',
        method: call.method,
        path: call.path,
        status: response.status,
        retry: retriesDone + 1,
        delayMs: decision.delayMs,
        retryAfter: decision.fromHeader,
      });
      await retry.sleep(decision.delayMs);
    }
  }

  private async send(
    call: ApiCall,
    payload: string | undefined,
    session: string | undefined,
    signal: AbortSignal,
  ): Promise<Response> {
    const url = `${this.settings.baseUrl}${call.path}`;
    const version = call.protocolVersion ?? this.settings.protocolVersion;
    const headers: Record<string, string> = {
      'user-agent': this.settings.userAgent,
      'x-server-protocol-version': String(version),
    };
    if (call.path === '/session') {
      // Signed afresh on every attempt: a retried nonce would be refused as a replay.
      headers.authorization = this.signSession(url);
      headers['content-type'] = JSON_TYPE;
    } else {
      headers['x-adm-auth-session'] = session ?? '';
      if (payload !== undefined) headers['content-type'] = JSON_TYPE;
    }
    try {
      return await this.settings.fetch(url, {
        method: call.method,
        headers,
        signal,
        ...(payload === undefined ? {} : { body: payload }),
      });
    } catch (cause) {
      throw this.networkError(call, cause, signal);
    }
  }

  private networkError(call: ApiCall, cause: unknown, signal: AbortSignal): DepNetworkError {
    const timedOut = signal.aborted;
    return new DepNetworkError(
      call.method,
      call.path,
      timedOut ? new Error(`no answer within ${this.settings.timeoutMs} ms`) : cause,
    );
  }

  private signSession(url: string): string {
    const { token } = this.settings;
    return sessionAuthorizationHeader({
      url,
      consumerKey: token.consumer_key,
      consumerSecret: token.consumer_secret,
      accessToken: token.access_token,
      accessSecret: token.access_secret,
      now: this.settings.now(),
    });
  }

  private adoptRotatedSession(response: Response): void {
    const rotated = response.headers.get('x-adm-auth-session');
    if (rotated !== null) this.sessions.adopt(rotated.trim());
  }
}

/**
 * 401 means the session expired; 403 with the body FORBIDDEN means it is unknown. Other
 * 403s (T_C_NOT_SIGNED, ACCESS_DENIED) are about the organization, and a new session
 * would not change them.
 */
function needsNewSession(answer: Answer): boolean {
  if (answer.status === 401) return true;
  return answer.status === 403 && errorCodeOf(answer.text) === 'FORBIDDEN';
}

function readAnswer<T>(call: ApiCall, answer: Answer): T {
  if (answer.status < 200 || answer.status > 299) {
    const options = answer.retryAfterMs === undefined ? {} : { retryAfterMs: answer.retryAfterMs };
    throw new DepError(answer.status, errorCodeOf(answer.text), call.method, call.path, options);
  }
  if (answer.text.trim() === '') {
    if (call.emptyAnswer === true) return undefined as T;
    throw new DepProtocolError(call.method, call.path, `${answer.status} with an empty body`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.text);
  } catch {
    throw new DepProtocolError(
      call.method,
      call.path,
      `${answer.status} with a body that is not JSON`,
    );
  }
  if (call.emptyAnswer !== true && (typeof parsed !== 'object' || parsed === null)) {
    throw new DepProtocolError(
      call.method,
      call.path,
      `${answer.status} with a body that is not a JSON object`,
    );
  }
  return parsed as T;
}
