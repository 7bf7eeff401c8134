/** What a resource class needs from the HTTP layer; tests may pass a fake. */
import type { HttpClient } from "../http";

export type Transport = Pick<HttpClient, "request">;
