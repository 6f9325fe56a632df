// Placeholder: being written.
export function AuditPage() {
  return <div>AuditPage</div>;
}
