// The server's clock, not the browser's, decides deadlines (and tests move it): the offset is
// learnt from /healthz and refreshed on every navigation.
let offset = 0;

export async function syncClock() {
  try {
    const health = await fetch('/healthz').then((response) => response.json());
    offset = new Date(health.time).getTime() - Date.now();
  } catch {
    offset = 0;
  }
}

export const serverNow = () => Date.now() + offset;
