/** The errors of a form posted without JavaScript (the page's own forms use fetchers). */
export function PostedErrors({ posted }: { posted: { errors?: Record<string, string> } | undefined }) {
  const messages = posted && "errors" in posted ? Object.values(posted.errors ?? {}) : [];
  if (!messages.length) return null;
  return (
    <div className="form-error" role="alert" data-testid="posted-errors">
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}
