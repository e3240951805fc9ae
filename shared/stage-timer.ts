/** The facilitator's countdown on the stage (shared/stage.ts): start, pause, resume, reset, and its display. */
import { MAX_TIMER_MS, type Stage, type Timer } from './stage.ts';

// ---------- timer ----------

export function startTimer(stage: Stage, durationMs: number, now: number): Stage {
  const ms = Math.round(Math.max(1000, Math.min(MAX_TIMER_MS, durationMs)));
  return { ...stage, at: now, timer: { durationMs: ms, endsAt: now + ms, remainingMs: null } };
}

export function timerRemaining(timer: Timer, now: number): number {
  return timer.endsAt !== null ? Math.max(0, timer.endsAt - now) : Math.max(0, timer.remainingMs ?? 0);
}

export function pauseTimer(stage: Stage, now: number): Stage {
  const t = stage.timer;
  if (!t || t.endsAt === null) return stage;
  return { ...stage, at: now, timer: { ...t, endsAt: null, remainingMs: timerRemaining(t, now) } };
}

export function resumeTimer(stage: Stage, now: number): Stage {
  const t = stage.timer;
  if (!t || t.remainingMs === null) return stage;
  return { ...stage, at: now, timer: { ...t, endsAt: now + t.remainingMs, remainingMs: null } };
}

/** Back to the full duration, paused. */
export function resetTimer(stage: Stage, now: number): Stage {
  const t = stage.timer;
  return t ? { ...stage, at: now, timer: { ...t, endsAt: null, remainingMs: t.durationMs } } : stage;
}

export function clearTimer(stage: Stage, now: number): Stage {
  return stage.timer ? { ...stage, at: now, timer: null } : stage;
}

/** Shortest timer: anything shorter is a typo. */
export const MIN_TIMER_MS = 5000;

/**
 * A timer length typed by a facilitator: minutes ("5", "2.5", "2,5") or minutes:seconds
 * ("1:30"). Returns milliseconds, or null when it is not one of those or out of range.
 */
export function parseTimerInput(text: string): number | null {
  const t = text.trim();
  let ms: number;
  const clock = /^(\d{1,3}):([0-5]\d)$/.exec(t);
  if (clock) ms = (Number(clock[1]) * 60 + Number(clock[2])) * 1000;
  else if (/^\d{1,3}([.,]\d+)?$/.test(t)) ms = Math.round(Number(t.replace(',', '.')) * 60_000);
  else return null;
  return ms >= MIN_TIMER_MS && ms <= MAX_TIMER_MS ? ms : null;
}

/** "4:05", "0:09", "1:02:00": whole seconds, rounded up so 0:00 means time is up. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
