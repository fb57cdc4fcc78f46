"""Reading raw document files: encoding detection and clear errors for bad input."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from nlp.errors import InputError

# the kinds of file jixiao reads as documents (a folder stands for those in it)
DOCUMENT_SUFFIXES = (".txt", ".pdf", ".xlsx", ".xlsm", ".xls", ".et", ".csv", ".tsv", ".docx", ".doc",
                     ".wps", ".html", ".htm")


def decode_text(path: Path) -> str:
    """Text of a document extracted from PDF, in UTF-8, UTF-16 or GBK/GB18030.

    Raises :class:`InputError` (one line naming the file) when the file is
    missing, empty, binary or in an encoding that cannot be recognised.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except IsADirectoryError:
        kinds = ", ".join(DOCUMENT_SUFFIXES)
        raise InputError(f"{path}: a folder with no document in it ({kinds})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{path}: invalid UTF-16 text") from None
    if data.startswith(b"%PDF"):
        raise InputError(f"{path}: is a PDF; give it a .pdf extension to read its tables")
    if data.startswith(b"PK\x03\x04"):
        raise InputError(f"{path}: is a zip/Office file; give it an .xlsx extension")
    if b"\x00" in data[:4096]:
        raise InputError(f"{path}: binary file, not text")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "gb18030" and not _mostly_cjk(text):
            break
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{path}: unknown text encoding (tried UTF-8, GBK/GB18030)")
    return str(best)


def _mostly_cjk(text: str) -> bool:
    """GB18030 decodes almost any byte string; accept it only for Chinese text."""
    sample = [c for c in text[:5000] if not c.isspace() and not c.isascii()]
    if not sample:
        return True
    cjk = sum("\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
              for c in sample)
    return cjk / len(sample) > 0.8


_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")


def redact_phones(text: str) -> str:
    """Replace phone numbers by ``[电话]`` (personal data never reaches outputs).

    >>> redact_phones("咨询0355-1234567或13912345678")
    '咨询[电话]或[电话]'
    """
    return _PHONE.sub("[电话]", text)


@functools.cache
def _person_pattern() -> re.Pattern:
    """A personal label of ``layout.yaml`` (联系人, 项目负责人 …), a colon, then a name."""
    from nlp import lexicon

    labels = sorted(lexicon.load_yaml("layout.yaml")["personal_labels"], key=len, reverse=True)
    return re.compile(rf"({'|'.join(map(re.escape, labels))})(\s*[:：]\s*)([\u4e00-\u9fff·]{{2,5}})")


def names_a_person(text: str) -> bool:
    """Whether ``text`` gives a person's name after a personal label and a colon
    (`联系人：李四`): such a line is the table's footer, never an indicator.

    >>> names_a_person("单位：某局  联系人：李四"), names_a_person("项目负责人到岗率")
    (True, False)
    >>> names_a_person("联系人：联系电话")
    False
    """
    return any(not _is_label(m.group(3)) for m in _person_pattern().finditer(text))


def _is_label(word: str) -> bool:
    from nlp import lexicon

    return word.startswith(tuple(lexicon.load_yaml("layout.yaml")["not_person_names"]))


def redact(text: str) -> str:
    """Phone numbers as ``[电话]`` and a name after a personal label and a colon as
    ``[姓名]`` (personal data never reaches outputs).

    >>> redact("联系人：李四 电话：13912345678"), redact("项目负责人到岗率")
    ('联系人：[姓名] 电话：[电话]', '项目负责人到岗率')
    """
    def name(m: re.Match) -> str:
        return m.group(0) if _is_label(m.group(3)) else m.group(1) + m.group(2) + "[姓名]"

    return _person_pattern().sub(name, redact_phones(text))


_FOOTER_LABEL = re.compile(r"^(负责人|经办人|填报人|联系人)\s*[:：]\s*$")


def redact_personal_data(text: str) -> str:
    """Blank personal data in a document, keeping every line and cell in place.

    The cell after a 负责人/经办人/填报人/联系人 label becomes ``[姓名]`` and any
    phone number becomes ``[电话]``; line numbers of the document do not change.

    >>> redact_personal_data("负责人:\\t\\t经办人:\\t张三\\t联系电话:\\t13912345678\\t填报日期:\\t2024")
    '负责人:\\t\\t经办人:\\t[姓名]\\t联系电话:\\t[电话]\\t填报日期:\\t2024'
    """
    out = []
    for line in text.split("\n"):
        if "\t" in line and ("负责人" in line or "经办人" in line):
            cells = line.split("\t")
            for i, cell in enumerate(cells[:-1]):
                if _FOOTER_LABEL.match(cell.strip()):
                    nxt = cells[i + 1].strip()
                    if nxt and not _FOOTER_LABEL.match(nxt) and "电话" not in nxt and "日期" not in nxt:
                        cells[i + 1] = "[姓名]"
            line = "\t".join(cells)
        out.append(redact_phones(line))
    return "\n".join(out)


def redact_lines(text: str) -> str:
    """A document's text for showing whole (``jixiao pdf-text``), personal data blanked and
    every line kept in place: :func:`redact_personal_data`, :func:`redact` in every cell, and
    on a line naming a person or holding a personal label (a footer: `联系人：李四`, `联系电话`)
    every digit masked, since a PDF may cut a phone number across cells (`0355-1234 | 567`).

    >>> redact_lines("联系人：李四\\t联系电话：0355-1234\\t567\\n项目负责人到岗率\\t100%")
    '联系人：[姓名]\\t联系电话：****-****\\t***\\n项目负责人到岗率\\t100%'
    """
    from nlp import lexicon

    labels = tuple(lexicon.load_yaml("layout.yaml")["personal_labels"])
    out = []
    for line in redact_personal_data(text).split("\n"):
        cells = [redact(c) for c in line.split("\t")]
        first = next((c.strip() for c in cells if c.strip()), "")
        if names_a_person(line) or first.rstrip(":：") in labels or any(
                re.match(rf"{re.escape(lab)}\s*[:：]", c.strip()) for c in cells for lab in labels):
            cells = [re.sub(r"\d", "*", c) for c in cells]
        out.append("\t".join(cells))
    return "\n".join(out)

