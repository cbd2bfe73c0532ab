/**
 * Small, valid, silent recordings, so the RecordingURL links in callbacks play in any player.
 */

/** One second of 8 kHz 16-bit mono silence as a WAV file. */
export function silentWav(seconds = 1): Buffer {
  const sampleRate = 8000
  const dataBytes = sampleRate * 2 * seconds
  const buffer = Buffer.alloc(44 + dataBytes)
  buffer.write('RIFF', 0, 'ascii')
  buffer.writeUInt32LE(36 + dataBytes, 4)
  buffer.write('WAVE', 8, 'ascii')
  buffer.write('fmt ', 12, 'ascii')
  buffer.writeUInt32LE(16, 16) // fmt chunk size
  buffer.writeUInt16LE(1, 20) // PCM
  buffer.writeUInt16LE(1, 22) // mono
  buffer.writeUInt32LE(sampleRate, 24)
  buffer.writeUInt32LE(sampleRate * 2, 28) // byte rate
  buffer.writeUInt16LE(2, 32) // block align
  buffer.writeUInt16LE(16, 34) // bits per sample
  buffer.write('data', 36, 'ascii')
  buffer.writeUInt32LE(dataBytes, 40)
  return buffer
}

/**
 * About one second of silent MPEG-1 Layer III: 128 kbit/s, 44.1 kHz, mono frames (417 bytes,
 * 1152 samples each) whose side information is all zero, i.e. no audio data: decoders play
 * silence.
 */
export function silentMp3(seconds = 1): Buffer {
  const frameBytes = 417
  const frames = Math.ceil((seconds * 44100) / 1152)
  const buffer = Buffer.alloc(frameBytes * frames)
  for (let i = 0; i < frames; i++) {
    const at = i * frameBytes
    buffer[at] = 0xff
    buffer[at + 1] = 0xfb // MPEG-1, Layer III, no CRC
    buffer[at + 2] = 0x90 // 128 kbit/s, 44.1 kHz, no padding
    buffer[at + 3] = 0xc4 // mono, original
  }
  return buffer
}
