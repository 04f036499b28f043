# archgate baseline, then archgate check --baseline on the same repository:
# everything known, exit 0; then a new finding appears and fails the run.
#   cmake -DARCHGATE=<binary> -DSOURCE=<repository> -DWORK=<scratch folder> -P baseline_run.cmake
file(REMOVE_RECURSE ${WORK})
file(COPY ${SOURCE}/ DESTINATION ${WORK})
execute_process(COMMAND ${ARCHGATE} baseline ${WORK} RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0 OR NOT EXISTS ${WORK}/archgate-baseline.json)
  message(FATAL_ERROR "archgate baseline failed (${code}): ${err}")
endif()
execute_process(COMMAND ${ARCHGATE} check ${WORK} --baseline ${WORK}/archgate-baseline.json --no-color
  RESULT_VARIABLE code OUTPUT_VARIABLE out)
if(NOT code EQUAL 0 OR NOT out MATCHES "no findings .* [1-9][0-9]* known from the baseline")
  message(FATAL_ERROR "with the baseline: exit ${code}\n${out}")
endif()
# Only some rules checked: the other rules' entries do not "no longer occur".
execute_process(COMMAND ${ARCHGATE} check ${WORK} --baseline ${WORK}/archgate-baseline.json --select AG301 --no-color
  RESULT_VARIABLE code OUTPUT_VARIABLE out)
if(NOT code EQUAL 0 OR out MATCHES "no longer occur" OR NOT out MATCHES "[1-9][0-9]* known from the baseline")
  message(FATAL_ERROR "with --select: exit ${code}\n${out}")
endif()
# Shift every line and add a service without a health check: only it is new.
file(READ ${WORK}/compose.yaml compose)
string(REPLACE "\n  redis:" "\n  audit-service:\n    image: example/audit:1\n\n  redis:" compose "${compose}")
file(WRITE ${WORK}/compose.yaml "# moved\n\n${compose}")
execute_process(COMMAND ${ARCHGATE} check ${WORK} --baseline ${WORK}/archgate-baseline.json --no-color
  RESULT_VARIABLE code OUTPUT_VARIABLE out)
if(NOT code EQUAL 1 OR NOT out MATCHES "audit-service" OR out MATCHES "\"gateway\" has no health check")
  message(FATAL_ERROR "after the edit: exit ${code}\n${out}")
endif()
file(REMOVE_RECURSE ${WORK})
