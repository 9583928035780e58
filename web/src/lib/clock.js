// The server's clock, not the browser's, decides deadlines (and tests move it): the offset is
// learnt from /healthz and refreshed on every navigation. The ocid prefix of the open data,
// which the operator chooses, comes with it.
let offset = 0;
let ocidPrefix = 'ocds-procura';

export async function syncClock() {
  try {
    const health = await fetch('/healthz').then((response) => response.json());
    offset = new Date(health.time).getTime() - Date.now();
    if (health.ocid_prefix) ocidPrefix = health.ocid_prefix;
  } catch {
    offset = 0;
  }
}

/** The OCDS ocid of a tender. */
export const ocidOf = (tenderId) => `${ocidPrefix}-${tenderId}`;

export const serverNow = () => Date.now() + offset;
