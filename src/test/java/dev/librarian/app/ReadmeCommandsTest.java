package dev.librarian.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's two commands, in bash and in PowerShell, name what the build makes ({@code pom.xml}'s final name and
 * the start scripts in {@code bin/}), and CI runs the same test command. The commands themselves are run by CI
 * ({@code .ci/run}) and, started from another directory, by {@link RunsAnywhereTest}.
 */
class ReadmeCommandsTest {

    private static final Pattern BLOCK = Pattern.compile("```(bash|powershell)\\n(.*?)```", Pattern.DOTALL);

    @Test
    void the_two_commands_are_given_for_bash_and_powershell_and_name_the_built_jar() throws IOException {
        String section = section(read("README.md"), "## The two commands");
        String jar = "target/" + finalName() + ".jar";
        List<String> bash = blocks(section, "bash");
        List<String> powershell = blocks(section, "powershell");
        assertEquals(1, bash.size(), section);
        assertEquals(1, powershell.size(), section);

        assertTrue(commandLines(bash.get(0)).equals(List.of(
                "mvn -q -DskipTests package && java -jar " + jar, "mvn test")), bash.get(0));
        // PowerShell: ';' and '$?' (5.1 has no '&&'), backslashes in paths
        assertTrue(commandLines(powershell.get(0)).equals(List.of(
                "mvn -q -DskipTests package; if ($?) { java -jar " + jar.replace('/', '\\') + " }", "mvn test")),
                powershell.get(0));
    }

    @Test
    void the_start_scripts_it_names_exist_and_cmd_keeps_windows_line_ends() throws IOException {
        String readme = read("README.md");
        assertTrue(readme.contains("librarian/bin/librarian ") && readme.contains("librarian\\bin\\librarian.cmd"),
                "the distribution's start commands for both systems");
        String sh = read("bin/librarian");
        assertTrue(sh.startsWith("#!/bin/sh\n"), "a POSIX shell script, no bash needed");
        assertTrue(sh.contains("librarian.jar") && sh.contains("exec java $JAVA_OPTS -jar"), sh);
        String cmd = Files.readString(Path.of("bin/librarian.cmd"), StandardCharsets.UTF_8);
        assertTrue(cmd.contains("librarian.jar") && cmd.contains("java %JAVA_OPTS% -jar"), cmd);
        assertFalse(cmd.replace("\r\n", "").contains("\n"), "bin/librarian.cmd has CRLF line ends for cmd.exe");
    }

    @Test
    void ci_runs_the_readmes_test_command() throws IOException {
        List<String> ci = commandLines(read(".ci/run"));
        assertTrue(ci.contains("mvn -B test"), "CI runs `mvn test` (in batch mode) as the README gives it: " + ci);
    }

    private static String finalName() throws IOException {
        Matcher name = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(read("pom.xml"));
        assertTrue(name.find(), "pom.xml names the jar");
        return name.group(1);
    }

    /** The file's text with {@code \n} line ends, however the clone wrote them. */
    private static String read(String file) throws IOException {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    /** The README from {@code heading} to the next heading. */
    private static String section(String readme, String heading) {
        int start = readme.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, heading + " is in the README");
        Matcher next = Pattern.compile("\n#{2,6} ").matcher(readme);
        int end = next.find(start + heading.length() + 2) ? next.start() : readme.length();
        return readme.substring(start, end);
    }

    private static List<String> blocks(String text, String language) {
        List<String> out = new ArrayList<>();
        Matcher block = BLOCK.matcher(text);
        while (block.find()) {
            if (block.group(1).equals(language)) {
                out.add(block.group(2));
            }
        }
        return out;
    }

    /** The lines of a script that are commands: no comments, no blank lines, trailing spaces cut. */
    private static List<String> commandLines(String script) {
        return script.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
}
