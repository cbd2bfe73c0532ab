/**
 * What was wrong with the organisation's managed policy, at the top of the window: each listed
 * value was ignored and the desk runs with the rest, so the supervisor (and the IT person they
 * call) can see why a setting is not what IT meant. Dismissed for this session only: the
 * problem stays until the policy is fixed.
 */
import { useState } from 'react'

export function PolicyNotice({ problems }: { problems: readonly string[] }) {
  const [dismissed, setDismissed] = useState(false)
  if (problems.length === 0 || dismissed) return null
  return (
    <div className="policy-notice" role="alert" data-testid="policy-notice">
      <div>
        <strong>Your organisation’s policy has problems; these values were ignored:</strong>
        <ul>
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      </div>
      <button
        type="button"
        className="link"
        onClick={() => setDismissed(true)}
        aria-label="Dismiss the policy notice"
      >
        Dismiss
      </button>
    </div>
  )
}
