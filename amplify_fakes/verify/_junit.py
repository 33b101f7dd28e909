"""The verification report as JUnit XML, for CI systems that show test results natively.

One ``testcase`` per checked call (``classname`` the operation, ``name`` the case): a
contract violation is a ``failure``, an unexpected error an ``error``, a skipped step
``skipped``; what the run left behind is one more failing case.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from amplify_fakes.verify._report import SKIPPED, UNEXPECTED, VIOLATION, Report


def junit_xml(report: Report) -> str:
    """The report as a JUnit XML document (``<testsuites>`` with one ``<testsuite>``)."""
    suite = ET.Element("testsuite", name=f"amplify-fakes verify: {report.target}")
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for row in report.rows:
        case = ET.SubElement(
            suite, "testcase", classname=f"amplifybackend.{row.operation}", name=row.case
        )
        counts["tests"] += 1
        text = "\n".join(row.details)
        first = row.details[0] if row.details else row.outcome
        if row.outcome == VIOLATION:
            counts["failures"] += 1
            ET.SubElement(
                case, "failure", message=first[:500], type="ContractViolation"
            ).text = text
        elif row.outcome == UNEXPECTED:
            counts["errors"] += 1
            ET.SubElement(case, "error", message=first[:500], type="UnexpectedAnswer").text = text
        elif row.outcome == SKIPPED:
            counts["skipped"] += 1
            ET.SubElement(case, "skipped", message=first[:500])
    for item in report.leftovers:
        case = ET.SubElement(suite, "testcase", classname="amplifybackend.cleanup", name=item[:200])
        counts["tests"] += 1
        counts["failures"] += 1
        ET.SubElement(
            case, "failure", message="left behind: delete by hand", type="Cleanup"
        ).text = item
    for name, value in counts.items():
        suite.set(name, str(value))
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
