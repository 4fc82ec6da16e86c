package nl.spreekuur.server.officehours;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import nl.spreekuur.protocol.v1.GetStatistics;
import nl.spreekuur.protocol.v1.OfficeHourStatus;
import nl.spreekuur.server.auth.Authenticator;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.http.HttpCall;
import nl.spreekuur.server.http.HttpProblem;
import nl.spreekuur.server.http.HttpReply;
import nl.spreekuur.server.http.Routes;
import nl.spreekuur.server.session.RequestException;

/**
 * The office-hour parts of the HTTP API: public status (no token: a website can show "open now" and link to the
 * chat) and the admin statistics API (Bearer token of a supervisor or org-admin).
 */
public final class OfficeHourRoutes {
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private final OfficeHoursService service;
    private final Authenticator authenticator;

    public OfficeHourRoutes(OfficeHoursService service, Authenticator authenticator) {
        this.service = service;
        this.authenticator = authenticator;
    }

    public void register(Routes routes) {
        routes.get("/api/public/organisations/{org}/office-hours", this::publicList)
                .get("/api/public/organisations/{org}/office-hours/{slug}", this::publicStatus)
                .get("/api/admin/office-hours/{id}/statistics", this::statistics)
                .get("/api/office-hours/chats/{conversationId}/follow-up.ics", this::followUpCalendar);
    }

    private HttpReply publicList(HttpCall call) throws InvalidProtocolBufferException {
        List<OfficeHourStatus> statuses = service.publicStatuses(call.pathParam("org"))
                .orElseThrow(() -> HttpProblem.notFound("unknown organisation"));
        StringBuilder json = new StringBuilder("{\"statuses\":[");
        for (int i = 0; i < statuses.size(); i++) {
            json.append(i == 0 ? "" : ",").append(JSON.print(statuses.get(i)));
        }
        return json(json.append("]}").toString());
    }

    private HttpReply publicStatus(HttpCall call) throws InvalidProtocolBufferException {
        OfficeHourStatus status = service.publicStatus(call.pathParam("org"), call.pathParam("slug"))
                .orElseThrow(() -> HttpProblem.notFound("unknown office hour"));
        return json(status);
    }

    private HttpReply statistics(HttpCall call) throws InvalidProtocolBufferException {
        Principal principal = call.bearerToken().flatMap(authenticator::authenticate)
                .orElseThrow(() -> HttpProblem.unauthenticated("a valid Bearer token is required"));
        GetStatistics request = GetStatistics.newBuilder().setOfficeHourId(call.pathParam("id"))
                .setFromDate(call.queryParam("from").orElse("")).setToDate(call.queryParam("to").orElse("")).build();
        try {
            return json(service.statistics(principal, request));
        } catch (RequestException e) {
            throw switch (e.code()) {
                case NOT_FOUND -> HttpProblem.notFound(e.getMessage());
                case FORBIDDEN -> HttpProblem.forbidden(e.getMessage());
                default -> HttpProblem.badRequest(e.getMessage());
            };
        }
    }

    /** The client's (or the professional's) calendar file of the follow-up proposed in the chat. */
    private HttpReply followUpCalendar(HttpCall call) {
        Principal principal = call.bearerToken().flatMap(authenticator::authenticate)
                .orElseThrow(() -> HttpProblem.unauthenticated("a valid Bearer token is required"));
        try {
            byte[] ics = service.followUpCalendar(principal, call.pathParam("conversationId"));
            return HttpReply.bytes(200, FollowUpCalendar.CONTENT_TYPE, ics)
                    .withHeader("Content-Disposition", "attachment; filename=\"afspraak.ics\"")
                    .withHeader("Cache-Control", "no-store");
        } catch (RequestException e) {
            // Someone else's chat, no chat, no follow-up with a time: all alike NOT_FOUND (nothing to learn).
            throw HttpProblem.notFound("follow-up with a proposed time");
        }
    }

    private static HttpReply json(MessageOrBuilder message) throws InvalidProtocolBufferException {
        return json(JSON.print(message));
    }

    private static HttpReply json(String json) {
        return HttpReply.bytes(200, HttpReply.JSON, json.getBytes(StandardCharsets.UTF_8));
    }
}
