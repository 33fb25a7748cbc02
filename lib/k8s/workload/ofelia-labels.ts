/** Ofelia's labels (`ofelia.*`) are translated into CronJobs or reported (ofelia-jobs.ts), never copied into annotations. */
export function isOfeliaLabel(name: string): boolean {
  return name.startsWith('ofelia.');
}
