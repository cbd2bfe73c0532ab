/**
 * "Update ready — restart" in the header, once a new version is downloaded. While the
 * supervisor is on a call it only says the update waits: they are asked once they leave.
 */
import type { UpdateStatus } from '../../../preload/api'

export interface UpdateBadgeProps {
  status: UpdateStatus | undefined
  onRestart: () => void
  restarting: boolean
}

export function UpdateBadge({ status, onRestart, restarting }: UpdateBadgeProps) {
  if (status?.state !== 'ready') return null
  if (status.onCall) {
    return (
      <span
        className="update-badge waiting"
        data-testid="update-waiting"
        title="The desk never restarts while you are on a call."
      >
        Update {status.version} ready — you will be asked after this call
      </span>
    )
  }
  return (
    <button
      type="button"
      className="update-badge"
      onClick={onRestart}
      disabled={restarting}
      data-testid="update-ready"
    >
      {restarting ? 'Restarting…' : `Update ${status.version} ready — restart`}
    </button>
  )
}
