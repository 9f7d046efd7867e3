/**
 * A named point where a test may make the process die as a power cut would: with
 * `GRADEDRAW_CRASH_AT=<name>` in the environment the process kills itself (SIGKILL) there. The
 * crash tests use it to hit the few instants between writes that random kills rarely reach.
 */
export function crashPoint(name: string): void {
  if (process.env.GRADEDRAW_CRASH_AT === name) process.kill(process.pid, "SIGKILL");
}
