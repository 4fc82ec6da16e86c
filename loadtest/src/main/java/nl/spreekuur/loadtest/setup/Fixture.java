package nl.spreekuur.loadtest.setup;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What the setup made and the load generators use: the targets, the organisation, the office hour and the
 * professionals (with their passwords, so each worker can log in). Handed to worker processes as JSON on stdin.
 */
public record Fixture(List<URI> urls, URI professionalUrl, String organisation, String officeHourId,
                      List<Professional> professionals, int maxChatsPerProfessional, boolean baseline) {
    public Fixture(List<URI> urls, String organisation, String officeHourId, List<Professional> professionals,
                   int maxChatsPerProfessional, boolean baseline) {
        this(urls, null, organisation, officeHourId, professionals, maxChatsPerProfessional, baseline);
    }

    /** The same, with professionals connecting to {@code url} (null: the clients' targets). */
    public Fixture withProfessionalUrl(URI url) {
        return new Fixture(urls, url, organisation, officeHourId, professionals, maxChatsPerProfessional, baseline);
    }

    /** A professional account the generators log in as. */
    public record Professional(String username, String password) {
        @Override
        public String toString() {
            return "Professional[" + username + "]";
        }
    }

    public String toJson() {
        ListValue.Builder urlList = ListValue.newBuilder();
        urls.forEach(url -> urlList.addValues(string(url.toString())));
        ListValue.Builder pros = ListValue.newBuilder();
        professionals.forEach(pro -> pros.addValues(Value.newBuilder().setStructValue(Struct.newBuilder()
                .putFields("username", string(pro.username())).putFields("password", string(pro.password())))));
        Struct root = Struct.newBuilder()
                .putFields("urls", Value.newBuilder().setListValue(urlList).build())
                .putFields("professionalUrl", string(professionalUrl == null ? "" : professionalUrl.toString()))
                .putFields("organisation", string(organisation))
                .putFields("officeHourId", string(officeHourId))
                .putFields("professionals", Value.newBuilder().setListValue(pros).build())
                .putFields("maxChatsPerProfessional", Value.newBuilder().setNumberValue(maxChatsPerProfessional).build())
                .putFields("baseline", Value.newBuilder().setBoolValue(baseline).build())
                .build();
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(root);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Fixture fromJson(String json) {
        try {
            Struct.Builder root = Struct.newBuilder();
            JsonFormat.parser().merge(json, root);
            List<URI> urls = new ArrayList<>();
            root.getFieldsOrThrow("urls").getListValue().getValuesList()
                    .forEach(value -> urls.add(URI.create(value.getStringValue())));
            List<Professional> pros = new ArrayList<>();
            for (Value value : root.getFieldsOrThrow("professionals").getListValue().getValuesList()) {
                Struct pro = value.getStructValue();
                pros.add(new Professional(pro.getFieldsOrThrow("username").getStringValue(),
                        pro.getFieldsOrThrow("password").getStringValue()));
            }
            String professionalUrl = root.getFieldsOrDefault("professionalUrl", string("")).getStringValue();
            return new Fixture(urls, professionalUrl.isEmpty() ? null : URI.create(professionalUrl),
                    root.getFieldsOrThrow("organisation").getStringValue(),
                    root.getFieldsOrThrow("officeHourId").getStringValue(), pros,
                    (int) root.getFieldsOrThrow("maxChatsPerProfessional").getNumberValue(),
                    root.getFieldsOrThrow("baseline").getBoolValue());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a fixture: " + e.getMessage(), e);
        }
    }

    private static Value string(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }
}
