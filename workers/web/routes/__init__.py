"""The web app's routes, one module per concern; each has `routes(ctx)` returning its
Starlette routes. Every handler is `async def handler(ctx, request, user)`, wrapped by
`WebContext.page` (signed in, CSRF-checked on POST, refusals as error pages)."""
