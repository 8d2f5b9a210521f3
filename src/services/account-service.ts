import { accountDetail } from '../domain/account-detail.js';
import type { MdmServer } from '../storage/repository.js';
import { orgIdHash } from './admin-service.js';
import type { ServiceContext } from './context.js';

/** GET /account: this MDM server and its organization, shaped by the protocol version. */
export async function getAccount(
  ctx: ServiceContext,
  server: MdmServer,
  protocolVersion: number,
): Promise<Record<string, unknown>> {
  const org = await ctx.storage.repo.getOrganization(server.org_id);
  if (org === undefined) throw new Error(`MDM server ${server.server_uuid} has no organization`);
  return accountDetail({ server, org, orgIdHash: orgIdHash(org.org_id) }, protocolVersion);
}
