// Placeholder: being written.
export function FillupsPage() {
  return <div>FillupsPage</div>;
}
