"""The files an interview writes: its resume file, and the answers file it saves at the end.

A resume file is a normal answers file holding the answers given so far, written (privately,
atomically) after every answer. It belongs to one interview at a time: the interview holds an
advisory lock on it while it runs, so that a second interview at once, or `--ask-missing`,
takes a file of its own instead of overwriting this one. Nothing says answers were saved
unless writing them succeeded.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from servicefit import __version__
from servicefit.errors import InputError, Location, UsageError
from servicefit.intake.template import answers_template, yaml_value
from servicefit.intake.workload import CHANNEL_KEYS, WORKLOAD_KEYS
from servicefit.knowledge.base import KnowledgeBase
from servicefit.yamlio.files import atomic_write, write_output

RESUME_NAME = "interview.yaml"
PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600
MAX_SESSIONS = 100  # interview-2.yaml … interview-100.yaml


def state_dir() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "servicefit"


def default_resume_path() -> Path:
    return state_dir() / RESUME_NAME


class ResumeFile:
    """One interview's resume file, held by this process from `claim()` to `finish()`/`close()`."""

    def __init__(self, path: Path):
        self.path = path
        self.written = False  # some answers have been saved in it
        self.problem: str | None = None  # why saving failed, if it did
        self._lock: IO[bytes] | None = None

    def claim(self) -> bool:
        """Take the file for this interview; False when another interview holds it."""
        try:
            self.path.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
            if self.path.parent.stat().st_uid == getattr(os, "getuid", lambda: -1)():
                os.chmod(self.path.parent, PRIVATE_DIR)  # answers are private; so is their folder
            lock = open(f"{self.path}.lock", "a+b")  # noqa: SIM115 - held until close()
        except OSError as exc:
            self.problem = exc.strerror or str(exc)
            return True  # no lock to be had: save what can be saved, and say so if not
        try:
            import fcntl

            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - no advisory locks (Windows)
            pass
        except OSError:
            lock.close()
            return False
        self._lock = lock
        return True

    def save(self, kb: KnowledgeBase, answers: Mapping[str, Any]) -> bool:
        """Write the answers so far; on failure remember why (once) and carry on."""
        if self.problem is not None and not self.written:
            return False
        header = [
            "# An unfinished servicefit interview: the answers given so far.",
            f"# Continue it with: servicefit recommend --resume {self.path}",
        ]
        try:
            atomic_write(self.path, answers_text(kb, answers, header), mode=PRIVATE_FILE)
        except (InputError, OSError) as exc:
            self.problem = exc.message if isinstance(exc, InputError) else str(exc)
            return False
        self.written = True
        return True

    def finish(self) -> None:
        """The interview is over: its resume file goes."""
        with contextlib.suppress(OSError):
            self.path.unlink()
        self.close(remove_lock=True)

    def close(self, remove_lock: bool = False) -> None:
        if self._lock is not None:
            if remove_lock:
                with contextlib.suppress(OSError):
                    os.unlink(self._lock.name)
            self._lock.close()
            self._lock = None


def check_resume_path(path: Path) -> None:
    """A usage error unless `--resume [FILE]` names an interview's resume file."""
    if path.is_dir():
        raise UsageError(
            "this is a folder, not an interview's resume file.",
            Location(str(path)),
        )
    if not path.is_file():
        raise UsageError(
            f"there is no unfinished interview at {path}.",
            hint="Start a new one with `servicefit recommend`.",
        )


def existing_resume(path: Path) -> ResumeFile:
    """The resume file `--resume [FILE]` names, claimed; a usage error when it cannot be."""
    check_resume_path(path)
    resume = ResumeFile(path)
    if not resume.claim():
        raise UsageError(
            "another interview is running with this resume file right now.",
            Location(str(path)),
            "Finish or stop that one first.",
        )
    return resume


def new_resume(*, avoid_default: bool = False) -> ResumeFile:
    """A resume file for a new interview: the default one when it is free (and not avoided),
    otherwise the first free interview-N.yaml beside it. An existing file no running interview
    holds is someone's unfinished interview: only the default one is offered to continue, so
    the others are never overwritten."""
    folder = state_dir()
    names = [] if avoid_default else [RESUME_NAME]
    names += [f"interview-{n}.yaml" for n in range(2, MAX_SESSIONS + 1)]
    for name in names:
        path = folder / name
        if name != RESUME_NAME and path.exists():
            continue
        resume = ResumeFile(path)
        if resume.claim():
            return resume
    return ResumeFile(folder / f"interview-{os.getpid()}.yaml")  # every name taken: unlocked


def answers_text(kb: KnowledgeBase, answers: Mapping[str, Any], header: list[str]) -> str:
    """A normal answers file: each answer given, questions not answered left as comments."""
    text = answers_template(kb, header, dict(answers))
    workload = [k for k in WORKLOAD_KEYS if k in answers]
    if not workload:
        return text
    lines = ["", "# ── Volumes"]
    for key in workload:
        value = answers[key]
        if key == "volumes":
            lines.append("volumes:")
            for channel, entry in value.items():
                fields = ", ".join(
                    f"{k}: {yaml_value(entry[k])}" for k in CHANNEL_KEYS if k in entry
                )
                lines.append(f"  {channel}: {{{fields}}}")
        else:
            lines.append(f"{key}: {yaml_value(value)}")
    return text + "\n".join(lines) + "\n"


def save_answers(kb: KnowledgeBase, answers: Mapping[str, Any], path: Path) -> None:
    header = [
        f"# servicefit answers, saved from the interview by servicefit {__version__}.",
        f"# Run it again with: servicefit recommend --answers {path.name}",
    ]
    write_output(path, answers_text(kb, answers, header))
