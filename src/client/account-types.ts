/** Shapes of the account, beta-token and account-driven-enrollment endpoints. */

export interface UrlLimit {
  default: number;
  maximum: number;
}

/** One endpoint the account may call, as `GET /account` lists them (v3+). */
export interface AccountUrl {
  uri: string;
  http_method: ('GET' | 'POST' | 'PUT' | 'DELETE')[];
  limit?: UrlLimit;
}

export interface AccountDetail {
  server_name: string;
  server_uuid: string;
  admin_id?: string;
  /** Deprecated twin of `admin_id`. */
  facilitator_id?: string;
  org_name?: string;
  org_email?: string;
  org_phone?: string;
  org_address?: string;
  /** v3+. */
  org_id?: string;
  /** v3+. */
  org_id_hash?: string;
  /** v3+. */
  org_type?: 'edu' | 'org' | 'tvprovider';
  /** v3+: `v1` legacy Deployment Programs, `v2` Apple Business/School Manager. */
  org_version?: 'v1' | 'v2';
  /** v3+. */
  urls?: AccountUrl[];
}

export interface BetaEnrollmentToken {
  token: string;
  title: string;
  os: 'homePodOS' | 'iOS' | 'OSX' | 'tvOS' | 'visionOS' | 'watchOS';
}

/** Note Apple's camelCase keys on this endpoint alone. */
export interface BetaEnrollmentTokensResponse {
  betaEnrollmentTokens: BetaEnrollmentToken[];
  /** Undocumented, seen live. */
  seedBuildTokens?: BetaEnrollmentToken[];
}

export interface AccountDrivenEnrollmentProfile {
  mdm_service_discovery_url: string;
  last_updated_timestamp: string;
}
