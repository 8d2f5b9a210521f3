/**
 * A client of Apple's Device Assignment Services: one method per endpoint, typed to
 * Apple's documented shapes. Sessions, retries, chunking and the device-listing dance are
 * handled by the modules this class wires together; the methods themselves only say
 * which path gets which body.
 */
import type {
  AccountDetail,
  AccountDrivenEnrollmentProfile,
  BetaEnrollmentTokensResponse,
} from './account-types.js';
import { inChunks, mergeAssignResponses, mergeDeviceMaps, APPLE_CHUNK_SIZE } from './chunking.js';
import { devicePages, type DevicePage, type DevicePagesOptions } from './device-pages.js';
import type {
  ActivationLockRequest,
  ActivationLockResponse,
  DeviceDetailsResponse,
  DevicePageResponse,
  DisownDevicesResponse,
  FetchDevicesRequest,
  ReplacementDetailsResponse,
  SyncDevicesRequest,
} from './device-types.js';
import { silentLogger, type DepLogger } from './logger.js';
import {
  APPLE_BASE_URL,
  DEFAULT_PROTOCOL_VERSION,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  type DepClientOptions,
} from './options.js';
import type {
  AssignProfileResponse,
  DefineProfileResponse,
  ProfileDefinitionInput,
  ProfileResponse,
  RemoveProfileResponse,
} from './profile-types.js';
import { RetryPolicy } from './retry-policy.js';
import { DepTransport, type HttpMethod } from './transport.js';

// Apple's enrollment guide says to send version 1 to the beta-token endpoint.
const BETA_TOKENS_PROTOCOL_VERSION = 1;

export class DepClient {
  private readonly transport: DepTransport;
  private readonly chunkSize: number;
  private readonly log: DepLogger;

  constructor(options: DepClientOptions) {
    const protocolVersion = options.protocolVersion ?? DEFAULT_PROTOCOL_VERSION;
    if (!Number.isInteger(protocolVersion) || protocolVersion < 1) {
      throw new RangeError(`protocolVersion must be a positive integer, got ${protocolVersion}`);
    }
    this.chunkSize = options.chunkSize ?? APPLE_CHUNK_SIZE;
    if (!Number.isInteger(this.chunkSize) || this.chunkSize < 1) {
      throw new RangeError(`chunkSize must be a positive integer, got ${this.chunkSize}`);
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new RangeError(`timeoutMs must be a positive number, got ${timeoutMs}`);
    }
    this.log = options.logger ?? silentLogger;
    this.transport = new DepTransport({
      token: options.token,
      baseUrl: (options.baseUrl ?? APPLE_BASE_URL).replace(/\/+$/, ''),
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      protocolVersion,
      fetch: options.fetch ?? fetch,
      retry: new RetryPolicy(options.retry),
      log: this.log,
      now: options.now ?? (() => new Date()),
      timeoutMs,
    });
  }

  /**
   * `GET /session`: a fresh session, kept for the calls that follow. Calls obtain one
   * by themselves when needed, so this is only for looking at it or forcing a new one.
   */
  startSession(): Promise<string> {
    return this.transport.sessions.fresh();
  }

  /** `GET /account`. */
  getAccount(): Promise<AccountDetail> {
    return this.json('GET', '/account');
  }

  /** `POST /server/devices`: one page of the full listing. */
  fetchDevices(request: FetchDevicesRequest = {}): Promise<DevicePageResponse> {
    return this.json('POST', '/server/devices', request);
  }

  /** `POST /devices/sync`: one page of changes since `cursor`. */
  syncDevices(request: SyncDevicesRequest): Promise<DevicePageResponse> {
    return this.json('POST', '/devices/sync', request);
  }

  /**
   * Every page of devices: a full fetch, then sync, following Apple's cursor rules
   * (see device-pages.ts). Store each page's cursor after handling the page.
   */
  devicePages(options: DevicePagesOptions = {}): AsyncGenerator<DevicePage, void, undefined> {
    return devicePages(this, options, this.log);
  }

  /** `POST /devices`, 1000 serials per request. */
  getDeviceDetails(serials: readonly string[]): Promise<DeviceDetailsResponse> {
    return inChunks(
      serials,
      this.chunkSize,
      (devices) => this.json<DeviceDetailsResponse>('POST', '/devices', { devices }),
      mergeDeviceMaps,
    );
  }

  /** `POST /devices/disown`, 1000 serials per request. Apple warns this is permanent. */
  disownDevices(serials: readonly string[]): Promise<DisownDevicesResponse> {
    return inChunks(
      serials,
      this.chunkSize,
      (devices) => this.json<DisownDevicesResponse>('POST', '/devices/disown', { devices }),
      mergeDeviceMaps,
    );
  }

  /** `POST /device/activationlock`. */
  activationLock(request: ActivationLockRequest): Promise<ActivationLockResponse> {
    return this.json('POST', '/device/activationlock', request);
  }

  /** `GET /device/replacementDetails` (protocol version 10 or later). */
  getReplacementDetails(serial: string): Promise<ReplacementDetailsResponse> {
    return this.json('GET', `/device/replacementDetails?device=${encodeURIComponent(serial)}`);
  }

  /** `GET /os-beta-enrollment/tokens`, sent with protocol version 1 as Apple asks. */
  getBetaEnrollmentTokens(): Promise<BetaEnrollmentTokensResponse> {
    return this.transport.request({
      method: 'GET',
      path: '/os-beta-enrollment/tokens',
      protocolVersion: BETA_TOKENS_PROTOCOL_VERSION,
    });
  }

  /** `POST /profile`; `devices` in the definition are assigned in the same call. */
  defineProfile(profile: ProfileDefinitionInput): Promise<DefineProfileResponse> {
    return this.json('POST', '/profile', profile);
  }

  /** `GET /profile`. */
  getProfile(profileUuid: string): Promise<ProfileResponse> {
    return this.json('GET', `/profile?profile_uuid=${encodeURIComponent(profileUuid)}`);
  }

  /** `POST /profile/devices`, 1000 serials per request; the longest retry wait wins. */
  assignProfile(profileUuid: string, serials: readonly string[]): Promise<AssignProfileResponse> {
    return inChunks(
      serials,
      this.chunkSize,
      (devices) =>
        this.json<AssignProfileResponse>('POST', '/profile/devices', {
          profile_uuid: profileUuid,
          devices,
        }),
      mergeAssignResponses,
    );
  }

  /**
   * `DELETE /profile/devices`, 1000 serials per request. Apple ignores `profileUuid`
   * and clears whatever profile a device has; it is sent only when given.
   */
  removeProfile(serials: readonly string[], profileUuid?: string): Promise<RemoveProfileResponse> {
    const uuid = profileUuid === undefined ? {} : { profile_uuid: profileUuid };
    return inChunks(
      serials,
      this.chunkSize,
      (devices) =>
        this.json<RemoveProfileResponse>('DELETE', '/profile/devices', { devices, ...uuid }),
      mergeDeviceMaps,
    );
  }

  /** `POST /account-driven-enrollment/profile`: the fallback service-discovery URL. */
  async setAccountDrivenEnrollmentProfile(mdmServiceDiscoveryUrl: string): Promise<void> {
    await this.call('POST', '/account-driven-enrollment/profile', {
      mdm_service_discovery_url: mdmServiceDiscoveryUrl,
    });
  }

  /** `GET /account-driven-enrollment/profile`; 404 NOT_FOUND when none is set. */
  getAccountDrivenEnrollmentProfile(): Promise<AccountDrivenEnrollmentProfile> {
    return this.json('GET', '/account-driven-enrollment/profile');
  }

  /** `DELETE /account-driven-enrollment/profile`. */
  async deleteAccountDrivenEnrollmentProfile(): Promise<void> {
    await this.call('DELETE', '/account-driven-enrollment/profile');
  }

  /**
   * Any other call (the roster endpoints, say) with the same session, retry and error
   * handling. `path` includes the query. An empty 2xx answer resolves to undefined; any
   * other body must be JSON.
   */
  call<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
    return this.transport.request({
      method,
      path,
      emptyAnswer: true,
      ...(body === undefined ? {} : { body }),
    });
  }

  /** A documented endpoint whose 2xx answer is a JSON object, or DepProtocolError. */
  private json<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
    return this.transport.request({ method, path, ...(body === undefined ? {} : { body }) });
  }
}
