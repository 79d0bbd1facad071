"""Beyond one machine: plan on one, build each language on its own, assemble on one.

A CI matrix builds a big book's languages side by side. :func:`make_plan` applies the
publishing gate once and gives, per language, the fingerprint of its inputs (a cache
key). :func:`pack` builds one language's editions, with the published set the plan
gave (its switchers and hreflang links list those editions, whatever this machine
has), into one zip: the files each edition publishes and a manifest (checksums,
versions, source digests, published set, figures). :func:`assemble` checks the
artifacts against each other and against the checkout it runs in, refuses a mix before
it touches the site, publishes each language with its editions' own ``publish`` and
writes the landing, downloads and dashboard pages, as ``coppub build all
--all-languages`` does on one machine, to the byte.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from . import __version__, clock
from .build import Options, add_contents, build_lock, build_one, fingerprint, input_files, plan
from .config import Settings
from .dates import edition_date
from .editions import edition, names
from .editions.archive import write_zip
from .errors import BuildError, ConfigError, CoppubError
from .site import published_languages, recover, site_dir, withdraw, write_pages

PLAN_SCHEMA = "coppub-plan/1"
MANIFEST_SCHEMA = "coppub-artifact/1"
MANIFEST = "manifest.json"
#: Manifest fields every artifact of one site must share, with what they mean.
_SHARED = {"coppub": "coppub version", "source": "sources (source digest)",
           "published": "published set", "use_fuzzy": "--use-fuzzy"}


class ArtifactError(CoppubError):
    """An artifact that cannot be read, or that does not belong with the others."""

    category = "artifact"


def artifact_name(code: str) -> str:
    return f"coppub-{code}.zip"


# -- what the machines must agree on ---------------------------------------------------

def source_digest(settings: Settings) -> str:
    """The inputs every language shares: sources, templates, conf.py, coppub.toml
    (contents and relative names: the same in any checkout of the same revision)."""
    build = settings.build_dir.resolve()
    digest = hashlib.sha256()
    add_contents(digest, [("conf.py", settings.conf_dir / "conf.py"),
                          ("coppub.toml", settings.root / "coppub.toml"),
                          *input_files("source", settings.source_dir, build),
                          *input_files("templates", settings.pot_dir, build)])
    return digest.hexdigest()


def catalogs_digest(settings: Settings, code: str) -> str:
    """One language's catalogs (empty for the source language)."""
    digest = hashlib.sha256()
    if code != settings.source_language:
        add_contents(digest, input_files("catalogs", settings.catalog_dir(code),
                                         settings.build_dir.resolve()))
    return digest.hexdigest()


def git_commit(root: Path) -> str | None:
    """The commit checked out in ``root``, if it is a git work tree (for the record)."""
    try:
        run = subprocess.run(["git", "-C", str(root), "rev-parse", "--verify", "-q", "HEAD"],
                             capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return run.stdout.strip() or None if run.returncode == 0 else None


def _every(settings: Settings) -> list[str]:
    return [settings.source_language, *settings.codes]


def _options(settings: Settings, published: Sequence[str], use_fuzzy: bool,
             fresh: bool = False, strict: bool = False) -> Options:
    """Every edition, with the published set in the registry's order (so the same set
    always gives the same fingerprint)."""
    for code in published:
        settings.any_language(code)  # an unknown code is an error that says so
    known = [settings.any_language(c).code for c in published]
    if settings.source_language not in known:
        raise ConfigError(f"the published set {', '.join(published)} lacks the source "
                          f"language {settings.source_language}",
                          hint="pass the set `coppub plan` prints")
    return Options(formats=names(), use_fuzzy=use_fuzzy, fresh=fresh, strict=strict,
                   published=tuple(c for c in _every(settings) if c in known))


# -- plan -------------------------------------------------------------------------------

@dataclass(frozen=True)
class LanguagePlan:
    code: str
    publishable: bool
    #: Why it is held back or cannot be built (empty when publishable).
    reason: str = ""
    #: The digest of its inputs (publishable languages only): a CI cache key.
    fingerprint: str = ""
    #: Its edition's date when every machine finds the same (SOURCE_DATE_EPOCH or git):
    #: `coppub pack --plan` dates the edition with it, whatever its checkout's history.
    date: int | None = None


@dataclass(frozen=True)
class MatrixPlan:
    """What a CI matrix builds: one job per publishable language."""

    published: tuple[str, ...]
    languages: list[LanguagePlan]
    source: str
    commit: str | None
    use_fuzzy: bool = False
    epoch: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {"schema": PLAN_SCHEMA, "coppub": __version__, "commit": self.commit,
                "source": self.source, "source_date_epoch": self.epoch,
                "use_fuzzy": self.use_fuzzy, "published": list(self.published),
                "matrix": [lang.code for lang in self.languages if lang.publishable],
                "languages": [{"code": lang.code, "publishable": lang.publishable,
                               "reason": lang.reason, "fingerprint": lang.fingerprint,
                               "source_date_epoch": lang.date}
                              for lang in self.languages]}


def make_plan(settings: Settings, *, use_fuzzy: bool = False,
              codes: Sequence[str] | None = None) -> MatrixPlan:
    """Apply the gate to every language; fingerprint those asked for (all by default)."""
    every = _every(settings)
    wanted = set(every) if codes is None else {settings.any_language(c).code for c in codes}
    gate = plan(settings, every)
    options = _options(settings, gate.build, use_fuzzy)
    languages = []
    for code in every:
        if code not in wanted:
            continue
        if code in gate.build:
            date = edition_date(settings, code)
            languages.append(LanguagePlan(code, True,
                                          fingerprint=fingerprint(settings, code, options),
                                          date=date.epoch if date.reproducible else None))
        elif code in gate.held_back:
            languages.append(LanguagePlan(code, False, f"held back: {gate.held_back[code]}"))
        else:
            count = len(gate.unreadable.get(code, []))
            languages.append(LanguagePlan(code, False,
                                          f"{count} catalog(s) cannot be read"))
    return MatrixPlan(published=tuple(gate.build), languages=languages,
                      source=source_digest(settings), commit=git_commit(settings.root),
                      use_fuzzy=use_fuzzy, epoch=clock.epoch())


# -- pack -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Packed:
    path: Path
    code: str
    fingerprint: str
    #: False: an artifact with the same fingerprint was already there, and is kept.
    built: bool
    warnings: tuple[str, ...] = ()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _figures(settings: Settings, code: str) -> dict[str, Any]:
    """What the dashboard and downloads page say of ``code``, for the record."""
    if code == settings.source_language:
        return {"percent": 100.0, "outdated_pages": []}
    from .stats import collect

    [stats], _ = collect(settings, [code], checked=True)
    f = stats.figures
    return {"percent": round(stats.percent, 3), "threshold": stats.language.threshold,
            "words": {"total": f.total_words, "translated": f.translated_words,
                      "fuzzy": f.fuzzy_words, "untranslated": f.untranslated_words},
            "outdated_pages": [c.domain for c in stats.chapters
                               if c.figures.fuzzy and not c.stale]}


def pack(settings: Settings, code: str, published: Sequence[str], output: Path, *,
         use_fuzzy: bool = False, fresh: bool = False, strict: bool = False,
         date: int | None = None) -> Packed:
    """Build ``code``'s editions for the site whose languages are ``published`` and pack
    them into ``output/coppub-<code>.zip``; an artifact already there with the same
    fingerprint is kept as it is (a CI cache restored it). ``date``: the edition's date
    the plan gave (a shallow clone cannot know it); SOURCE_DATE_EPOCH, when set, wins."""
    if date is not None and clock.epoch() is None:
        with clock.fixed(date):
            return pack(settings, code, published, output, use_fuzzy=use_fuzzy,
                        fresh=fresh, strict=strict)
    code = settings.any_language(code).code
    options = _options(settings, published, use_fuzzy, fresh, strict)
    if code not in (options.published or ()):
        raise ConfigError(f"{code} is not in the published set {', '.join(published)}",
                          hint="pack only the languages `coppub plan` lists in its matrix")
    key = fingerprint(settings, code, options)
    target = output / artifact_name(code)
    if target.is_file() and not fresh:
        try:
            if read_artifact(target).manifest["fingerprint"] == key:
                return Packed(target, code, key, built=False)
        except ArtifactError:
            pass  # damaged or foreign: built again
    source = settings.source_language
    warnings: list[str] = []
    with build_lock(settings):
        for each in ([source] if code != source else []) + [code]:
            # The source edition first: translated editions are compared with it.
            outcome = build_one(settings, each, options, publish=False)
            warnings += outcome.warnings
            if outcome.error:
                raise BuildError(f"{each}: {outcome.error}",
                                 hint="fix it and pack again; nothing was packed")
        files = [(f"{fmt}/{name}", path) for fmt in options.formats
                 for name, path in edition(fmt).packed(settings, code,
                                                       settings.output_dir(code) / fmt)]
        manifest = {
            "schema": MANIFEST_SCHEMA, "language": code, **_versions(),
            "commit": git_commit(settings.root), "source": source_digest(settings),
            "catalogs": catalogs_digest(settings, code), "fingerprint": key,
            "published": list(options.published or ()), "formats": list(options.formats),
            "use_fuzzy": use_fuzzy, "source_date_epoch": clock.epoch(),
            "date": edition_date(settings, code).epoch,
            "figures": _figures(settings, code),
            "files": {name: _sha256(path.read_bytes()) for name, path in files},
        }
        staged = settings.output_dir(code) / MANIFEST
        staged.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
                          + "\n", encoding="utf-8")
        write_zip(target, [(MANIFEST, staged), *files])
    return Packed(target, code, key, built=True, warnings=tuple(warnings))


def _versions() -> dict[str, str]:
    import babel
    import docutils
    import sphinx

    return {"coppub": __version__, "sphinx": sphinx.__version__,
            "docutils": docutils.__version__, "babel": babel.__version__}


# -- read and check ---------------------------------------------------------------------

@dataclass
class Artifact:
    path: Path
    manifest: dict[str, Any]

    @property
    def code(self) -> str:
        return str(self.manifest["language"])


def _safe_name(name: str) -> bool:
    """A member name that stays inside the folder it is unpacked into."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and "\\" not in name \
        and all(part not in ("", ".", "..") for part in name.split("/"))


def read_artifact(path: Path) -> Artifact:
    """Open ``path`` and check it whole: a manifest of the known schema, every file it
    lists there with its checksum, nothing else, no name that leaves its folder."""
    def bad(why: str) -> ArtifactError:
        return ArtifactError(f"{why}; the site was not touched", path=path,
                             hint="build the artifact again (`coppub pack`)")

    try:
        with zipfile.ZipFile(path) as archive:
            members = {info.filename: info for info in archive.infolist()
                       if not info.is_dir()}
            if MANIFEST not in members:
                raise bad(f"no {MANIFEST}: not a coppub artifact")
            try:
                manifest = json.loads(archive.read(MANIFEST))
            except ValueError as exc:
                raise bad(f"{MANIFEST} is not JSON ({exc})") from None
            if not isinstance(manifest, dict) or manifest.get("schema") != MANIFEST_SCHEMA:
                raise bad(f"{MANIFEST} is not a {MANIFEST_SCHEMA} manifest")
            listed = manifest.get("files")
            if not isinstance(listed, dict):
                raise bad(f"{MANIFEST} lists no files")
            extra = sorted(set(members) - set(listed) - {MANIFEST})
            if extra:
                raise bad(f"{extra[0]} is in the archive but not in its manifest")
            for name, checksum in listed.items():
                if not _safe_name(name) or name.split("/")[0] not in manifest.get("formats", []):
                    raise bad(f"{name!r} is not a name an artifact may hold")
                if name not in members:
                    raise bad(f"{name} is missing")
                if _sha256(archive.read(name)) != checksum:
                    raise bad(f"{name} does not match its checksum")
    except (OSError, zipfile.BadZipFile) as exc:
        raise bad(f"cannot be read ({exc})") from None
    return Artifact(path, manifest)


def _check_together(settings: Settings, artifacts: Sequence[Artifact]) -> None:
    """Refuse artifacts that do not make one site together, or with this checkout."""
    first = artifacts[0]
    seen: dict[str, Path] = {}
    for artifact in artifacts:
        if artifact.code in seen:
            raise ArtifactError(f"{artifact.path} and {seen[artifact.code]} are both "
                                f"{artifact.code}; the site was not touched",
                                hint="give one artifact per language")
        seen[artifact.code] = artifact.path
        for key, what in _SHARED.items():
            if artifact.manifest.get(key) != first.manifest.get(key):
                raise ArtifactError(
                    f"{artifact.path.name} was built with another {what} than "
                    f"{first.path.name} ({artifact.manifest.get(key)!r} against "
                    f"{first.manifest.get(key)!r}); the site was not touched",
                    hint="build every language from the same plan, revision and coppub")
    here = {"coppub": __version__, "source": source_digest(settings)}
    for key, value in here.items():
        if first.manifest.get(key) != value:
            raise ArtifactError(
                f"the artifacts were built with another {_SHARED[key]} than this checkout "
                f"has ({first.manifest.get(key)!r} against {value!r}); the site was not "
                "touched", hint="assemble in a checkout of the revision they were built "
                "from, with the same coppub")
    published = first.manifest.get("published") or []
    for artifact in artifacts:
        if artifact.code not in published:
            raise ArtifactError(f"{artifact.path.name}: {artifact.code} is not in its "
                                f"published set {', '.join(published)}; the site was not "
                                "touched", hint="pack only the languages of the plan")
        if artifact.manifest.get("catalogs") != catalogs_digest(settings, artifact.code):
            raise ArtifactError(
                f"{artifact.path.name} was built from other {artifact.code} catalogs than "
                "this checkout's; the site was not touched",
                hint="assemble in a checkout of the revision the artifacts were built from")


# -- assemble ---------------------------------------------------------------------------

@dataclass
class Assembly:
    """What :func:`assemble` did."""

    site: Path
    published: list[str] = field(default_factory=list)
    #: In the published set but without an artifact: the edition already there stays.
    kept: list[str] = field(default_factory=list)
    #: In the published set, without an artifact and never published: the other
    #: editions' switchers name it, but the site does not have it.
    missing: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    recovered: list[Path] = field(default_factory=list)


def assemble(settings: Settings, paths: Sequence[Path]) -> Assembly:
    """Check ``paths`` (artifacts, in any order), then publish them into the site."""
    if not paths:
        raise ConfigError("no artifact given", hint="pass the files `coppub pack` wrote")
    artifacts = [read_artifact(path) for path in paths]
    _check_together(settings, artifacts)
    published = list(artifacts[0].manifest["published"])
    every = _every(settings)
    gate = plan(settings, every)
    staging = settings.build_dir / ".coppub-assemble"
    with build_lock(settings):
        site = site_dir(settings)
        done = Assembly(site=site, recovered=recover(settings))
        for artifact in sorted(artifacts, key=lambda a: every.index(a.code)
                               if a.code in every else len(every)):
            shutil.rmtree(staging, ignore_errors=True)
            try:
                _unpack(artifact, staging)
                for fmt in artifact.manifest["formats"]:
                    edition(fmt).publish(settings, artifact.code, staging / fmt)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
            done.published.append(artifact.code)
        for code in published:
            if code not in done.published:
                (done.kept if (site / code).is_dir() else done.missing).append(code)
        for code in gate.held_back:
            if code not in published:
                withdraw(settings, code)
                done.withdrawn.append(code)
        live = [c for c in every if c in published and (site / c).is_dir()]
        dated = {a.code: int(a.manifest["date"]) for a in artifacts
                 if isinstance(a.manifest.get("date"), int)}
        write_pages(settings, published_languages(settings, live, gate.stats),
                    list(gate.stats.values()), dated)
    return done


def _unpack(artifact: Artifact, into: Path) -> None:
    """Write the artifact's files (already checked by :func:`read_artifact`) under ``into``."""
    with zipfile.ZipFile(artifact.path) as archive:
        for name in artifact.manifest["files"]:
            data = archive.read(name)
            if _sha256(data) != artifact.manifest["files"][name]:  # changed since checked
                raise ArtifactError(f"{name} changed while it was assembled",
                                    path=artifact.path, hint="assemble again")
            target = into / name  # a staging folder: no need to write atomically
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
