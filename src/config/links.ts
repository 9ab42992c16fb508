/** The absolute link to a case's page in the web app (`publicUrl` has no trailing slash). */
export function caseLink(publicUrl: string, caseId: string): string {
  return `${publicUrl}/cases/${caseId}`;
}
