"""One router per area of the app: sign-in, queue, items, clusters, exports, audit."""
