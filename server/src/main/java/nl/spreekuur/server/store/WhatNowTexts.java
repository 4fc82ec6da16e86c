package nl.spreekuur.server.store;

import java.time.Instant;
import java.util.Optional;

/** Each organisation's "what now" text: where a client can go after a chat or outside opening hours. */
public interface WhatNowTexts {

    record WhatNow(String text, String phone, String website) {
        public boolean isEmpty() {
            return text.isEmpty() && phone.isEmpty() && website.isEmpty();
        }
    }

    Optional<WhatNow> of(String organisationId);

    /** Stores it, or removes the organisation's text when {@code whatNow} is empty. */
    void save(String organisationId, WhatNow whatNow, Instant now);
}
