package dev.stepwise.transfer.sftp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a user sees over SFTP: a tree of names, each either mapped to a place in the server's storage
 * domain or a virtual folder that only holds mapped names. A PATH home is the one mapping "/" to the
 * home directory (the domain's root when there is none); a LOGICAL home is its HomeDirectoryMappings,
 * as the Transfer user guide's logical directories describe them: the user sees only the entries
 * (an entry "/" maps the root itself, a chroot), the folders above an entry are virtual and take no
 * files ("/file" at a virtual root is "No such file or directory"), a FILE entry is that one file,
 * and "${transfer:UserName}" in a target is the user's name.
 *
 * <p>Resolution takes a normalized absolute path, so ".." never reaches it; a name below a mapped
 * entry is looked up only inside that entry's target (the longest matching entry wins).
 */
final class HomeView {
    private static final Logger log = LoggerFactory.getLogger(HomeView.class);

    /** One entry: where it is seen, where it is stored, and whether it is one file. */
    record Mapping(List<String> entry, DomainPath target, boolean file) {}

    /** What a path of the view is. */
    sealed interface Node {
        /** A folder that exists only in the view: it lists the next names of the entries below it. */
        record Virtual(SortedSet<String> children) implements Node {}

        /** A place in the domain; {@code confine} is its mapping's target, which it must not leave. */
        record Stored(DomainPath path, DomainPath confine, boolean fileMapping) implements Node {}

        record Missing() implements Node {}
    }

    private final List<Mapping> mappings;

    HomeView(List<Mapping> mappings) {
        List<Mapping> sorted = new ArrayList<>(mappings);
        sorted.sort(Comparator.comparingInt((Mapping m) -> m.entry().size()).reversed());
        this.mappings = List.copyOf(sorted);
    }

    /** The view of a user's home, as its type says. */
    static HomeView of(SftpUser user) {
        if ("LOGICAL".equals(user.homeDirectoryType())) {
            List<Mapping> mappings = new ArrayList<>();
            for (SftpUser.HomeMapping m : user.mappings()) {
                List<String> entry = segments(m.entry());
                List<String> target = segments(substitute(m.target(), user.userName()));
                if (entry == null || target == null) {
                    log.warn("user {}: the mapping {} -> {} names a path with . or .. and is ignored",
                            user.userName(), m.entry(), m.target());
                    continue;
                }
                mappings.add(new Mapping(entry, new DomainPath(target), "FILE".equals(m.type())));
            }
            return new HomeView(mappings);
        }
        List<String> home = segments(user.homeDirectory() == null ? "/" : user.homeDirectory());
        return new HomeView(List.of(new Mapping(List.of(), new DomainPath(home == null ? List.of() : home), false)));
    }

    /** The targets of DIRECTORY mappings (PATH homes: the home), to create before the first session. */
    List<DomainPath> directoryTargets() {
        return mappings.stream().filter(m -> !m.file()).map(Mapping::target).toList();
    }

    /** The node a normalized absolute path of the view names. */
    Node resolve(List<String> names) {
        for (Mapping m : mappings) {
            if (startsWith(names, m.entry())) {
                if (m.file()) {
                    return names.size() == m.entry().size()
                            ? new Node.Stored(m.target(), m.target(), true) : new Node.Missing();
                }
                List<String> rest = names.subList(m.entry().size(), names.size());
                return new Node.Stored(m.target().resolve(rest), m.target(), false);
            }
        }
        SortedSet<String> children = new TreeSet<>();
        for (Mapping m : mappings) {
            if (m.entry().size() > names.size() && startsWith(m.entry(), names)) {
                children.add(m.entry().get(names.size()));
            }
        }
        return children.isEmpty() && !names.isEmpty() ? new Node.Missing() : new Node.Virtual(children);
    }

    private static boolean startsWith(List<String> path, List<String> prefix) {
        return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
    }

    private static String substitute(String target, String userName) {
        String lower = target.toLowerCase(Locale.ROOT);
        String variable = "${transfer:username}";
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int at = lower.indexOf(variable); at >= 0; at = lower.indexOf(variable, from)) {
            out.append(target, from, at).append(userName);
            from = at + variable.length();
        }
        return out.append(target.substring(from)).toString();
    }

    /** "/a/b" as [a, b]; null when a segment is "." or "..". */
    static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (s.equals(".") || s.equals("..")) {
                return null;
            }
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        return List.copyOf(segments);
    }
}
