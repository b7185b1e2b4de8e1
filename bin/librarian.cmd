@echo off
rem Starts Librarian from the distribution zip (librarian.jar beside bin\) or from a source tree (target\librarian.jar).
rem Settings come from the environment (README "Configuration"); JAVA_OPTS is passed to the JVM.
setlocal
set "JAR=%~dp0..\librarian.jar"
if not exist "%JAR%" set "JAR=%~dp0..\target\librarian.jar"
if not exist "%JAR%" (
  echo librarian.jar not found beside bin\ nor in target\ ^(build it with: mvn -q -DskipTests package^) 1>&2
  exit /b 1
)
java %JAVA_OPTS% -jar "%JAR%" %*
