import { createHash } from 'node:crypto';
import { specOfNewDevice } from '../domain/device-generator.js';
import { arrivingDevices } from '../domain/device-lifecycle.js';
import type { Device } from '../domain/device.js';
import { codePointLength } from '../domain/unicode-length.js';
import { newAppleUuid } from '../domain/ids.js';
import type { NewDevice } from '../domain/new-device.js';
import type { MdmServer, Organization } from '../storage/repository.js';
import { encryptServerToken, ServerTokenError } from '../token/p7m.js';
import { generateServerToken, type ServerToken } from '../token/server-token.js';
import type { ServiceContext } from './context.js';
import { insertArrivingDevices } from './journal.js';

/** A control-plane request that cannot be carried out; the HTTP layer answers 4xx JSON. */
export class AdminError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

export const DEFAULT_ADMIN_ID = 'admin@example.com';

/** The organization everything belongs to until several are asked for. */
export async function ensureOrganization(ctx: ServiceContext): Promise<Organization> {
  const existing = await ctx.storage.repo.firstOrganization();
  if (existing !== undefined) return existing;

  const orgNumber = String(1_000_000 + Math.floor(Math.random() * 8_999_999));
  const org: Organization = {
    org_id: orgNumber,
    org_name: 'Example Organization',
    org_email: 'it@example.com',
    org_phone: '555-0100',
    org_address: '1 Example Way, Cupertino, CA 95014',
    org_type: 'org',
    org_version: 'v2',
    admin_id: DEFAULT_ADMIN_ID,
    created_at: ctx.clock.now().getTime(),
  };
  await ctx.storage.repo.insertOrganization(org);
  return org;
}

/** Apple's org_id_hash looks like a SHA-256 in hex; ours is exactly that, of the org id. */
export function orgIdHash(orgId: string): string {
  return createHash('sha256').update(`opendep-org:${orgId}`).digest('hex');
}

export interface CreatedServer {
  server: MdmServer;
  token: ServerToken;
}

/** A new MDM server of the organization, with fresh OAuth credentials. */
export async function createServer(
  ctx: ServiceContext,
  serverName: unknown,
): Promise<CreatedServer> {
  const tooLong = typeof serverName === 'string' && codePointLength(serverName) > 200;
  if (typeof serverName !== 'string' || serverName.trim() === '' || tooLong) {
    throw new AdminError(400, 'server_name must be a non-empty string of at most 200 characters');
  }
  const org = await ensureOrganization(ctx);
  const taken = (await ctx.storage.repo.listServers()).some(
    (server) => server.org_id === org.org_id && server.server_name === serverName,
  );
  if (taken) throw new AdminError(409, `an MDM server named "${serverName}" already exists`);

  const now = ctx.clock.now();
  const token = generateServerToken(now, org.org_id);
  const server: MdmServer = {
    server_uuid: newAppleUuid(),
    org_id: org.org_id,
    server_name: serverName,
    ...token,
    admin_id: DEFAULT_ADMIN_ID,
    created_at: now.getTime(),
  };
  await ctx.storage.repo.insertServer(server);
  return { server, token };
}

/** The token fields of a stored server, in the decrypted `.p7m` JSON shape. */
export function tokenOf(server: MdmServer): ServerToken {
  return {
    consumer_key: server.consumer_key,
    consumer_secret: server.consumer_secret,
    access_token: server.access_token,
    access_secret: server.access_secret,
    access_token_expiry: server.access_token_expiry,
  };
}

/**
 * Adds devices to the organization, assigned to `serverUuid` (journaled as `added`) or to
 * none. All or nothing: a serial already in the organization rejects the whole request.
 */
export async function addDevices(
  ctx: ServiceContext,
  serverUuid: string | null,
  devices: readonly NewDevice[],
): Promise<Device[]> {
  const org = await ensureOrganization(ctx);
  const now = ctx.clock.now().getTime();
  return ctx.storage.transaction(async (repo) => {
    if (serverUuid !== null && (await repo.getServer(serverUuid)) === undefined) {
      throw new AdminError(404, `no MDM server ${serverUuid}`);
    }
    const existing = await repo.getDevicesBySerial(devices.map((d) => d.serial_number));
    const clash = existing.keys().next();
    if (!clash.done)
      throw new AdminError(409, `serial ${clash.value} is already in the organization`);

    const specs = devices.map((device) => specOfNewDevice(device, Math.random));
    const arriving = arrivingDevices(specs, {
      orgId: org.org_id,
      serverUuid,
      now,
      assignedBy: DEFAULT_ADMIN_ID,
    });
    return insertArrivingDevices(repo, arriving, now);
  });
}

export interface CreatedServerWithP7m extends CreatedServer {
  /** The `.p7m` file Apple's portal would offer for download, encrypted to the certificate. */
  tokenP7m: string;
}

/**
 * A new MDM server whose token also comes as Apple's `.p7m`, encrypted to `certificate`
 * (the PEM an MDM uploads to the portal). The certificate is tried on a stand-in token
 * first, with the very code that encrypts the real one, so a certificate that cannot be
 * used is a 400 and creates nothing.
 */
export async function createServerWithCertificate(
  ctx: ServiceContext,
  serverName: unknown,
  certificate: unknown,
): Promise<CreatedServerWithP7m> {
  if (typeof certificate !== 'string' || certificate.trim() === '') {
    throw new AdminError(400, 'certificate must be a PEM X.509 certificate string');
  }
  try {
    encryptServerToken(generateServerToken(ctx.clock.now(), '0'), certificate);
  } catch (error) {
    const reason = error instanceof ServerTokenError ? error.message : 'unreadable';
    throw new AdminError(400, `certificate: ${reason}`);
  }

  const created = await createServer(ctx, serverName);
  return { ...created, tokenP7m: encryptServerToken(created.token, certificate) };
}
