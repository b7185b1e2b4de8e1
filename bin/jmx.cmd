@echo off
rem Librarian's Camel MBeans from the command line, with only a JDK (see bin\Jmx.java):
rem   bin\jmx.cmd [PID ^| HOST:PORT] ["OBJECT_NAME" [ATTRIBUTE...]]
java "%~dp0Jmx.java" %*
