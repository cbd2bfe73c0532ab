/**
 * Saves text the renderer made as a file: a Blob behind an object URL and a click on a
 * `download` link. It works the same in the browser and in the Electron window (which asks
 * where to save), needs no main-side channel, and no CSP change: the CSP governs what the page
 * loads, and a download is not a load.
 */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.rel = 'noopener'
  link.hidden = true
  document.body.append(link)
  try {
    link.click()
  } finally {
    link.remove()
    // The download has taken its copy by the next task; a small file, freed soon after.
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
}
