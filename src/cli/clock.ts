/** A time span for a progress line: `m:ss`, or `XhYYm` from an hour on. */
export function clock(seconds: number): string {
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  return minutes >= 60 ? `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m` : `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}
