// Grants the rights of kafka-zk/kse-acls on a cluster, as its super user (local-kafka start
// --sasl runs it over the PLAINTEXT listener): java -cp 'LIBS/*' KseAcls.java BOOTSTRAP TABLE.
// Granting a right that exists already changes nothing, so it runs at every start.
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

public class KseAcls {
    static final List<String> SERVICES = List.of("kse-platform-api", "kse-user-analytics", "kse-stock-ingestor",
                                                 "kse-stock-aggregator", "kse-order-processor");

    // "DescribeConfigs" as the enum spells it: DESCRIBE_CONFIGS; "transactional-id": TRANSACTIONAL_ID.
    static String constant(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String name, int line) {
        try {
            return Enum.valueOf(type, constant(name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + line + ": unknown " + type.getSimpleName() + " '" + name + "'");
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2)
            throw new IllegalArgumentException("usage: KseAcls BOOTSTRAP TABLE");
        List<AclBinding> bindings = new ArrayList<>();
        List<String> lines = Files.readAllLines(Path.of(args[1]));
        for (int i = 0; i < lines.size(); ++i) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#"))
                continue;
            String[] f = line.split("\\s+");
            if (f.length != 5)
                throw new IllegalArgumentException("line " + (i + 1) + ": expected 5 fields, found " + f.length);
            List<String> principals = f[0].equals("services") ? SERVICES : List.of(f[0]);
            ResourceType resource = parse(ResourceType.class, f[2], i + 1);
            PatternType pattern = parse(PatternType.class, f[4], i + 1);
            for (String principal : principals)
                for (String operation : f[1].split(","))
                    for (String name : f[3].split(","))
                        bindings.add(new AclBinding(new ResourcePattern(resource, name, pattern),
                                                    new AccessControlEntry("User:" + principal, "*",
                                                                           parse(AclOperation.class, operation, i + 1),
                                                                           AclPermissionType.ALLOW)));
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", args[0]))) {
            admin.createAcls(bindings).all().get();
        }
        System.out.println(bindings.size() + " ACLs granted from " + args[1]);
    }
}
