package nl.spreekuur.server.officehours.queue;

import java.util.Collection;

/**
 * Who can serve the queue right now.
 *
 * @param professionalsOnDuty professionals on duty for the office hour
 * @param chatSlots           sum of their concurrent-chat maximums
 * @param freeChatSlots       slots not in use right now (per professional: maximum minus chats held, at least 0)
 */
public record Staffing(int professionalsOnDuty, int chatSlots, int freeChatSlots) {

    public static final Staffing NOBODY = new Staffing(0, 0, 0);

    /**
     * @param activeChats chats a professional on duty holds now, over all office hours (what the store's
     *                    {@code chatsHeldBy} counts, since that is what limits a claim)
     * @param maxChats    their concurrent-chat maximum
     */
    public record Load(int activeChats, int maxChats) {
        public Load {
            if (activeChats < 0 || maxChats < 1) {
                throw new IllegalArgumentException("activeChats >= 0 and maxChats >= 1 required");
            }
        }
    }

    public Staffing {
        if (professionalsOnDuty < 0 || freeChatSlots < 0 || freeChatSlots > chatSlots
                || (professionalsOnDuty > 0) != (chatSlots > 0)) {
            throw new IllegalArgumentException("inconsistent staffing");
        }
    }

    public static Staffing of(Collection<Load> professionalsOnDuty) {
        int slots = 0;
        int free = 0;
        for (Load load : professionalsOnDuty) {
            slots += load.maxChats();
            free += Math.max(0, load.maxChats() - load.activeChats());
        }
        return new Staffing(professionalsOnDuty.size(), slots, free);
    }

    /** Everyone has the office hour's maximum; {@code activeChatsPerProfessional} has one entry per professional. */
    public static Staffing uniform(int maxChatsPerProfessional, Collection<Integer> activeChatsPerProfessional) {
        return of(activeChatsPerProfessional.stream().map(a -> new Load(a, maxChatsPerProfessional)).toList());
    }

    boolean anyoneOnDuty() {
        return professionalsOnDuty > 0;
    }
}
