package nl.spreekuur.loadtest.scenario;

import java.util.List;

/**
 * The shape {@code chat} and {@code reconnect-storm} share: N concurrent 1:1 office-hour chats, each professional
 * holding {@code chatsPerProfessional} of them. A slice takes whole professionals, so a professional's chats live in
 * one process.
 */
abstract class OneToOneChats implements Scenario {
    final int chats;
    final int chatsPerProfessional;

    /** This slice's professionals on duty and the chats they opened; {@code share} of the offered rates. */
    record Slice(Desk desk, List<Chat> open, double share) {

        /** This slice's part of a rate offered over all slices. */
        double rate(double total) {
            return total * share;
        }

        /** Waits for delivery, ends the chats and goes off duty. */
        void finish(Load load) throws InterruptedException {
            Chats.settle(load, open);
            Chats.end(desk, open);
            desk.goOffDuty();
        }
    }

    OneToOneChats(int chats, int chatsPerProfessional) {
        this.chats = chats;
        this.chatsPerProfessional = chatsPerProfessional;
    }

    @Override
    public int professionals() {
        return (chats + chatsPerProfessional - 1) / chatsPerProfessional;
    }

    @Override
    public int maxChatsPerProfessional() {
        return chatsPerProfessional;
    }

    @Override
    public int sockets() {
        return chats + professionals();
    }

    /** Puts this slice's professionals on duty and opens its chats. */
    Slice open(Load load) throws InterruptedException {
        int pros = load.share(professionals());
        int firstPro = load.offset(professionals());
        int mine = Math.max(0, Math.min(chats - firstPro * chatsPerProfessional, pros * chatsPerProfessional));
        Desk desk = new Desk(load);
        desk.goOnDuty(pros, firstPro);
        List<Chat> open = Chats.open(load, desk, mine, firstPro * chatsPerProfessional, chatsPerProfessional);
        return new Slice(desk, open, (double) mine / Math.max(1, chats));
    }
}
