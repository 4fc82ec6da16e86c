package nl.spreekuur.server.rooms;

import java.util.List;
import nl.spreekuur.protocol.v1.HelpInfo;
import nl.spreekuur.protocol.v1.HelpLine;

/** The built-in texts of room safety: the B1 house rules and the national numbers of "Hulp nodig?". */
final class RoomSafetyTexts {
    /** Plain Dutch (B1): what every member accepts unless the organisation or the group wrote their own. */
    static final String DEFAULT_HOUSE_RULES = """
            Huisregels van deze groep
            1. Wees vriendelijk. Iedereen mag zijn eigen verhaal vertellen.
            2. Wat hier gedeeld wordt, blijft in de groep. Vertel het niet verder.
            3. Deel geen namen, adressen of telefoonnummers. Niet van jezelf en niet van anderen.
            4. Geen reclame, geen scheldwoorden, geen bedreigingen.
            5. Zie je een bericht dat niet goed is? Meld het. Een moderator kijkt ernaar.
            6. Deze groep is geen hulplijn. Bij gevaar: bel 112.""";

    /** The national numbers, free and day and night. */
    static final List<HelpLine> NATIONAL_LINES = List.of(
            HelpLine.newBuilder().setLabel("Noodgeval: politie, brandweer, ambulance").setPhone("112").build(),
            HelpLine.newBuilder().setLabel("113 Zelfmoordpreventie").setPhone("0800-0113").build(),
            HelpLine.newBuilder().setLabel("Veilig Thuis (huiselijk geweld en kindermishandeling)")
                    .setPhone("0800-2000").build());

    static final int MAX_HOUSE_RULES = 4000;
    static final int MAX_HELP_FIELD = 200;
    static final int MAX_HELP_LINES = 10;

    private RoomSafetyTexts() {
    }

    /** The organisation's help with the national numbers where it lists none. */
    static HelpInfo withDefaults(HelpInfo help) {
        return help.getLinesCount() > 0 ? help : help.toBuilder().addAllLines(NATIONAL_LINES).build();
    }
}
