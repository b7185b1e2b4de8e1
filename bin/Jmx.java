import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads Librarian's Camel MBeans with nothing but a JDK (run by {@code bin/jmx}, no build needed).
 *
 * <pre>
 *   bin/jmx                          summary of the one running Librarian on this machine
 *   bin/jmx PID                      summary of that JVM
 *   bin/jmx HOST:PORT                summary over a JMX remote port (-Dcom.sun.management.jmxremote.port=PORT)
 *   bin/jmx TARGET 'OBJECT_NAME' [ATTRIBUTE...]   attributes of the MBeans matching the name (a pattern may hold *)
 * </pre>
 * A local JVM is reached through the Attach API, which starts its local management agent if needed.
 */
public final class Jmx {

    private static final String CAMEL = "org.apache.camel:context=librarian,";
    private static final List<String> ROUTE_COLUMNS = List.of("ExchangesTotal", "ExchangesCompleted",
            "ExchangesFailed", "ExchangesInflight", "MeanProcessingTime", "Redeliveries");

    public static void main(String[] args) throws Exception {
        String target = args.length > 0 ? args[0] : findLibrarian();
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(serviceUrl(target)))) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            if (args.length > 1) {
                attributes(jmx, new ObjectName(args[1]), List.of(args).subList(2, args.length));
            } else {
                summary(jmx);
            }
        }
    }

    /** Prints {@code name} then one {@code Attribute = value} line per attribute (all of them if none given). */
    private static void attributes(MBeanServerConnection jmx, ObjectName pattern, List<String> wanted)
            throws Exception {
        TreeSet<ObjectName> names = new TreeSet<>(jmx.queryNames(pattern, null));
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no MBean matches " + pattern);
        }
        for (ObjectName name : names) {
            System.out.println(name);
            List<String> attributes = wanted.isEmpty()
                    ? java.util.Arrays.stream(jmx.getMBeanInfo(name).getAttributes()).map(a -> a.getName()).sorted()
                    .toList()
                    : wanted;
            for (String attribute : attributes) {
                Object value;
                try {
                    value = jmx.getAttribute(name, attribute);
                } catch (Exception e) {
                    value = "(" + e.getClass().getSimpleName() + ")";
                }
                System.out.println("  " + attribute + " = " + value);
            }
        }
    }

    /** Routes with their counters, the LLM throttle, and the queues' sizes. */
    private static void summary(MBeanServerConnection jmx) throws Exception {
        System.out.printf("%-34s %9s %9s %7s %8s %8s %12s%n", "route", "total", "completed", "failed", "inflight",
                "mean ms", "redeliveries");
        Map<String, ObjectName> routes = new TreeMap<>();
        for (ObjectName name : jmx.queryNames(new ObjectName(CAMEL + "type=routes,*"), null)) {
            routes.put(String.valueOf(jmx.getAttribute(name, "RouteId")), name);
        }
        for (Map.Entry<String, ObjectName> route : routes.entrySet()) {
            Object[] row = new Object[ROUTE_COLUMNS.size() + 1];
            row[0] = route.getKey();
            for (int i = 0; i < ROUTE_COLUMNS.size(); i++) {
                row[i + 1] = jmx.getAttribute(route.getValue(), ROUTE_COLUMNS.get(i));
            }
            System.out.printf("%-34s %9s %9s %7s %8s %8s %12s%n", row);
        }
        for (String throttle : List.of("llm-throttle", "embed-throttle")) {
            ObjectName name = new ObjectName(CAMEL + "type=processors,name=\"" + throttle + "\"");
            if (jmx.isRegistered(name)) {
                System.out.printf("%nthrottle %s: MaximumRequests %s, Mode %s, ExchangesTotal %s, ExchangesInflight %s%n",
                        throttle, jmx.getAttribute(name, "MaximumRequests"), jmx.getAttribute(name, "Mode"),
                        jmx.getAttribute(name, "ExchangesTotal"), jmx.getAttribute(name, "ExchangesInflight"));
            }
        }
        // a queue has an endpoint per URI that names it (consumer and producers): they share the queue
        Map<String, Object> queues = new TreeMap<>();
        for (ObjectName name : jmx.queryNames(new ObjectName(CAMEL + "type=endpoints,name=\"seda:*\",*"), null)) {
            String queue = ObjectName.unquote(name.getKeyProperty("name")).replaceFirst("\\?.*", "");
            queues.put(queue, jmx.getAttribute(name, "CurrentQueueSize"));
        }
        System.out.println();
        queues.forEach((queue, size) -> System.out.printf("queue %-22s CurrentQueueSize %s%n", queue, size));
    }

    private static String serviceUrl(String target) throws Exception {
        if (target.startsWith("service:jmx:")) {
            return target;
        }
        if (target.contains(":")) {
            return "service:jmx:rmi:///jndi/rmi://" + target + "/jmxrmi";
        }
        VirtualMachine vm = VirtualMachine.attach(target);
        try {
            return vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
    }

    private static String findLibrarian() {
        List<VirtualMachineDescriptor> found = VirtualMachine.list().stream()
                .filter(d -> d.displayName().contains("dev.librarian.App") || d.displayName().contains("librarian.jar"))
                .toList();
        if (found.size() != 1) {
            throw new IllegalStateException(found.isEmpty()
                    ? "no running Librarian found (java -jar target/librarian.jar); give its PID"
                    : "several Librarians run, give a PID: " + found.stream().map(VirtualMachineDescriptor::id).toList());
        }
        return found.get(0).id();
    }
}
