/**
 * The relay's callback URLs for an account, as Plivo must call them (DESIGN §4, README "Using a
 * real Plivo account"): `<relay>/plivo/<authId>/status` and `…/recording`.
 *
 * The desk knows the relay by the URL it subscribes to (Settings → Relay URL). In demo mode that
 * is the embedded relay's own address, which the embedded simulator calls too. For a real
 * account the desk derives the callback URL from that same setting: the README's deployment
 * has the desk and Plivo reach the relay at one origin (`RELAY_PUBLIC_URL`). A relay the desk
 * reaches at another address than Plivo does (a private hostname) would need its own setting;
 * there is none yet, and the URL the MPC was created with then still applies for events Plivo
 * sends there.
 */
export function relayCallbackUrl(
  relayUrl: string,
  authId: string,
  kind: 'status' | 'recording',
): string | undefined {
  if (!relayUrl || !authId) return undefined
  let url: URL
  try {
    url = new URL(relayUrl)
  } catch {
    return undefined
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined
  const base = url.pathname.replace(/\/+$/, '')
  url.pathname = `${base}/plivo/${encodeURIComponent(authId)}/${kind}`
  url.search = ''
  url.hash = ''
  return url.toString()
}
