import { path } from "../path";
import { GetMeResponse, SubmitFeedbackRequest, SubmitFeedbackResponse } from "../schemas/me";
import type { Transport } from "./transport";

/** Identity and context discovery, and capability feedback. */
export class MeApi {
    constructor(private readonly http: Transport) {}

    get(signal?: AbortSignal) { return this.http.request({ method: "GET", path: path`/me`, schema: GetMeResponse, route: "GET /me", signal }); }
    submitFeedback(body: SubmitFeedbackRequest) { return this.http.request({ method: "POST", path: path`/feedback`, body, schema: SubmitFeedbackResponse, route: "POST /feedback" }); }
}
