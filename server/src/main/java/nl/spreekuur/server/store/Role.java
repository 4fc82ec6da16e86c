package nl.spreekuur.server.store;

/**
 * Staff roles. Anonymous clients have none. OPERATOR is deployment-wide and only created through the CLI. QUALITY
 * ("kwaliteitsmedewerker") only reads the organisation's effect reports and benchmark.
 */
public enum Role {
    PROFESSIONAL,
    SUPERVISOR,
    ORG_ADMIN,
    OPERATOR,
    QUALITY
}
