// Whether a process exists (signal 0 delivers nothing, it only checks): the fault runs and their tests ask it of
// the DynamoDB Local JVM. A zombie still counts; where that matters, ask `ps` (test/dynamodb-local.test.ts).
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
