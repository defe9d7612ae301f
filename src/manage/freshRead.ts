// Re-reads policies from Azure before a form or a confirmation, so what the user sees and agrees to is the policy
// as it is now, not the tree's last poll. Each read goes through the store, so the tree catches up too.
import { isJitFailure } from "../azure/errors";
import type { PolicyRef } from "../core/resourceId";
import type { Policy } from "../core/types";
import type { Services } from "../services";
import { showWriteFailure, withViewProgress } from "./afterWrite";

/** The freshest copy the store holds of a policy a node carried. */
export function storedCopy(services: Services, policy: Policy): Policy {
  return services.policies.find(policy.id) ?? policy;
}

/**
 * Each policy as Azure has it now, in the order of `refs`; undefined for one that no longer exists. When a read
 * fails the user is told why (under `what`, the action it was for) and the whole answer is undefined.
 */
export async function readFresh(
  services: Services,
  refs: PolicyRef[],
  title: string,
  what: string,
): Promise<Array<Policy | undefined> | undefined> {
  try {
    return await withViewProgress(title, () =>
      Promise.all(
        refs.map(async (ref) => {
          try {
            return await services.policies.refresh(ref);
          } catch (e) {
            if (isJitFailure(e) && e.error.kind === "notFound") return undefined;
            throw e;
          }
        }),
      ),
    );
  } catch (e) {
    await showWriteFailure(services, what, e);
    return undefined;
  }
}
