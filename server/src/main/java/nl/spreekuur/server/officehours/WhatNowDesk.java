package nl.spreekuur.server.officehours;

import java.net.URI;
import java.net.URISyntaxException;
import nl.spreekuur.protocol.v1.ClientMessage.BodyCase;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.WhatNow;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.session.RequestRouter;
import nl.spreekuur.server.session.Texts;
import nl.spreekuur.server.store.WhatNowTexts;

/**
 * The organisation's "what now" text: where a client can go after a chat or outside opening hours (its own phone
 * number, a web page, a few lines). Org-admins set it; staff read it; clients get it with every office hour's
 * status ({@code OfficeHourStatus.what_now}), so saving it refreshes the statuses of the organisation's office hours.
 */
final class WhatNowDesk {
    static final int MAX_TEXT = 1000;
    static final int MAX_PHONE = 30;
    static final int MAX_WEBSITE = 200;

    private final OfficeHourContext ctx;

    WhatNowDesk(OfficeHourContext ctx) {
        this.ctx = ctx;
    }

    void register(RequestRouter router) {
        router.on(BodyCase.GET_WHAT_NOW, (s, r) -> s.send(ServerMessage.newBuilder().setRequestId(r.getRequestId())
                        .setWhatNow(get(s.principal())).build()))
                .on(BodyCase.SAVE_WHAT_NOW, (s, r) -> s.send(ServerMessage.newBuilder()
                        .setRequestId(r.getRequestId())
                        .setWhatNow(save(s.principal(), r.getSaveWhatNow().getWhatNow())).build()));
    }

    WhatNow get(Principal principal) {
        if (!principal.isStaff() || principal.organisationId() == null) {
            throw RequestException.forbidden("only an organisation's staff");
        }
        return ctx.store().whatNowTexts().of(principal.organisationId()).map(WhatNowDesk::toProto)
                .orElse(WhatNow.getDefaultInstance());
    }

    WhatNow save(Principal principal, WhatNow wanted) {
        OfficeHourAccess.requireAdmin(principal);
        String text = wanted.getText().replace("\r\n", "\n").strip();
        if (Texts.length(text) > MAX_TEXT) {
            throw new RequestException(ErrorCode.TOO_LARGE, "text longer than " + MAX_TEXT);
        }
        String phone = wanted.getPhone().strip();
        if (!phone.isEmpty() && !(phone.length() <= MAX_PHONE && phone.matches("[0-9+()\\- ]+")
                && phone.chars().filter(Character::isDigit).count() >= 3)) {
            throw RequestException.invalid("phone must be up to " + MAX_PHONE
                    + " characters of 0-9 + - ( ) and spaces, with at least 3 digits");
        }
        String website = wanted.getWebsite().strip();
        if (!website.isEmpty() && !isHttpsAddress(website)) {
            throw RequestException.invalid("website must be an https:// address of up to " + MAX_WEBSITE
                    + " characters");
        }
        WhatNowTexts.WhatNow stored = new WhatNowTexts.WhatNow(text, phone, website);
        ctx.store().whatNowTexts().save(principal.organisationId(), stored, ctx.clock().instant());
        ctx.auditor().record(principal, "what-now.update", "organisation", principal.organisationId(), null);
        for (OfficeHour oh : ctx.store().officeHours().byOrganisation(principal.organisationId())) {
            ctx.changes().publish(oh.getId());
        }
        return toProto(stored);
    }

    private static boolean isHttpsAddress(String value) {
        if (value.length() > MAX_WEBSITE || !value.startsWith("https://") || value.chars().anyMatch(
                c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return uri.getHost() != null && !uri.getHost().isEmpty() && uri.getUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    static WhatNow toProto(WhatNowTexts.WhatNow w) {
        return WhatNow.newBuilder().setText(w.text()).setPhone(w.phone()).setWebsite(w.website()).build();
    }
}
