import { DEVICE_PAGE_LIMIT } from './device-paging.js';

/** Version 3 added org_id, org_id_hash, org_type, org_version and urls. */
export const ACCOUNT_ORG_FIELDS_FROM_VERSION = 3;

export interface AccountUrl {
  uri: string;
  http_method: string[];
  limit?: { default: number; maximum: number };
}

const PAGED = { default: DEVICE_PAGE_LIMIT.default, maximum: DEVICE_PAGE_LIMIT.maximum };

/** The endpoints opendep serves, as Apple advertises its own; paged ones with their limits. */
export const ACCOUNT_URLS: readonly AccountUrl[] = [
  { uri: '/session', http_method: ['GET'] },
  { uri: '/account', http_method: ['GET'] },
  { uri: '/server/devices', http_method: ['POST'], limit: PAGED },
  { uri: '/devices/sync', http_method: ['POST'], limit: PAGED },
  { uri: '/devices', http_method: ['POST'] },
  { uri: '/devices/disown', http_method: ['POST'] },
  { uri: '/device/activationlock', http_method: ['POST'] },
  { uri: '/device/replacementDetails', http_method: ['GET'] },
  { uri: '/profile', http_method: ['POST', 'GET'] },
  { uri: '/profile/devices', http_method: ['DELETE', 'POST', 'PUT'] },
];

export interface AccountSource {
  server: { server_name: string; server_uuid: string; admin_id: string };
  org: {
    org_id: string;
    org_name: string;
    org_email: string;
    org_phone: string;
    org_address: string;
    org_type: string;
    org_version: string;
  };
  orgIdHash: string;
}

/** AccountDetail as a caller speaking `protocolVersion` sees it. */
export function accountDetail(source: AccountSource, protocolVersion: number) {
  const { server, org } = source;
  const detail: Record<string, unknown> = {
    server_name: server.server_name,
    server_uuid: server.server_uuid,
    admin_id: server.admin_id,
    // The deprecated twin of admin_id, still sent.
    facilitator_id: server.admin_id,
    org_name: org.org_name,
    org_email: org.org_email,
    org_phone: org.org_phone,
    org_address: org.org_address,
  };
  if (protocolVersion < ACCOUNT_ORG_FIELDS_FROM_VERSION) return detail;
  return {
    ...detail,
    org_id: org.org_id,
    org_id_hash: source.orgIdHash,
    org_type: org.org_type,
    org_version: org.org_version,
    urls: ACCOUNT_URLS.map((url) => ({ ...url, http_method: [...url.http_method] })),
  };
}
