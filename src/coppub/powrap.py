"""Strings written as GNU gettext writes them: ``msgcat --width=79``, byte for byte.

GNU gettext (msgmerge, msgcat; Weblate and Poedit do the same) breaks a long string at
Unicode line-break opportunities (UAX #14, as libunistring implements it) so that every
line, quotes and prefix included, fits the page width, and leaves the breaking space at the
end of the line. polib breaks before the space and never wraps obsolete entries, so each
tool rewrapped what the other wrote (issue 13). This module follows
``gettext-tools/src/write-po.c`` (``wrap``) of GNU gettext 0.21 and libunistring 1.0's
``u8_width_linebreaks``:

- a string is cut after each ``\\n`` escape; when it has more than one such portion, or
  its one-line form does not fit, the first line is ``msgid ""``;
- each portion is broken at line-break opportunities by a greedy fill: a break goes at the
  last opportunity before the text that would pass the width;
- nothing breaks inside an escape sequence, before the ``\\n`` that ends a portion, or
  inside a Python format directive (``%(name)s``, ``{name}``) of an entry flagged
  ``python-format`` or ``python-brace-format``;
- East Asian wide characters count two columns, combining marks and format characters none.

The tables are libunistring 1.0's (Unicode 14.0), the version Debian 12's gettext uses: each
character's line-breaking class, with "ambiguous", "unknown" and "complex context" (Thai,
Lao, Khmer, Myanmar: libunistring has no dictionary) resolved to alphabetic and
"contingent break" to ideographic as libunistring does for UTF-8, and its display width.
``tests/test_powrap.py`` regenerates them from the system's libunistring and compares.

Not reproduced: directives of other formats (``c-format``, …) are not kept whole, and what
msgcat changes beyond layout (it drops obsolete entries without a translation, the fuzzy
flag of an untranslated entry, unknown flags) is left to the caller.
"""

from __future__ import annotations

import base64
import functools
import re
import zlib
from collections.abc import Iterable

# Line-breaking classes, numbered as libunistring's lbrktables.h numbers them.
_WJ, _GL, _B2, _BA, _BB, _HY, _CL, _CP1, _CP2, _EX, _IN, _NS, _OP1, _OP2, _QU = range(15)
_IS, _NU, _PO, _PR, _SY, _AL, _H2, _H3, _ID1, _ID2, _JL, _JV, _JT, _HL, _RI = range(15, 30)
_ZWJ, _EB, _EM, _BK, _CR, _LF, _CM, _ZW, _SP = range(30, 39)
_HL_BA = 100  # a Hebrew letter followed by a hyphen or break-after character (LB21a)

# Table 7.3 of UAX #14 as libunistring 1.0 has it (lbrktables.c), one row per class
# before the opportunity, one letter per class after it: D direct break, I break only
# after spaces, P prohibited.
_PAIRS = (
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # WJ
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # GL
    "PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # B2
    "PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # BA
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # BB
    "PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # HY
    "PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD",  # CL
    "PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD",  # CP1
    "PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD",  # CP2
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # EX
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # IN
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # NS
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP1
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP2
    "PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII",  # QU
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # IS
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # NU
    "PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD",  # PO
    "PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII",  # PR
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD",  # SY
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # AL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # H2
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # H3
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # ID1
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # ID2
    "PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD",  # JL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # JV
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # JT
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # HL
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # RI
    "PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII",  # ZWJ
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # EB
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # EM
)
# 0: prohibited, 1: direct break, 2: break only after a space.
_PAIR = tuple(tuple("PDI".index(c) for c in row) for row in _PAIRS)

_LINE_BREAK_RUNS = (
    "c-rk)O^9X1753Dr`+whk_q{pOb*Eo<-|m@m9Gw3F?LpH<1{KAO8c|3H%78zMgg_Re;Hp6dlZ+skfslnDnq_vul|n"
    "We0)lRmjk++Ato#{Qh9o+E=iE0v<JgGqd-1({>r|anRj1CWd%jmhV%q1{Xzw)Aek!OTp(#!9+fYrJwZ@bHyUNy$S"
    "*Vx^dZv^u>ys%ZNh7T-Mk2H)JWa%`uoKvs;@78;K(l_<qk$Jc1y<#5sMIl|QEY_9Pdmxt1t^Y*y-q8Kb#alz4Jat"
    ")GF$TEmllL4ZtSEoDHjK2cPv|)xE9vqLs%rin8U)HX?r}&HlS}sX7Ojx8>77@Mf5sfp;~UbfN=yF2?I$yi02O^kJ"
    "n0v_FBB&<Zu*hm$2)&Y$uSN6pF)qkfB|mZT*-7vPmN5P<4g%591TeJ&f1cMaSA(wKXE2uY}P%SW_#xx_g^hGvMN^"
    "@Nc{kGqCA<TTuf!p3@Za^|>z1`!ncObKMMQQ>fg3+o%@pb@T0|{>%4`_ld6PHpslKc-T=o_$1zmm9+ZKkKy+k@g8"
    "UFi2x=_3Ivnrxj54(Wr&11Y6KnN;&EvZBMIPQqR}8xV}%iLSdH28i8y-1X1WExkII=nw=e!=_P(=46ThfG7Z3)#s"
    "PUZMB@BQ2xP*SkGb~^QI0K_p=}^Pe!&E1(fK(S=m<tHoZ-0T&dolgvQe)#aLe>>!yGc;kfaf1lAGNxt1?jQ=Bp#I"
    "sysGPi54lAA6*?IVuE@xIc?i2aCW6yUc+ia)agS|aw?=SG=aKa$$<6T#%`hYr{K!mK!(S^-Gl^i;!J|lQ*5q!ya0"
    "$<?!GDw^LeV3xN;M<k2(D_|uGh6NU6n`~N9Ll&ekYRQqG$jQIK4E0@pLUB`Yh(5Km8v}PTz&o%1$nxTO%&O(umSG"
    "U_P8hMu!$M<VV0<fqEDA;CTq`1z<z!;4k)J9M8vM$05fP5p8nnRhC=7?@vqG*wF;unt40iZN2@rV_x`n)hqGCt<k"
    "IY_E}<ii8$7<DTsdskHUKhr`6ar`4CLCUX`wKb~0Z#2;UcE(cl<y?AYF@o@?Trb%$3jh4;!LJo3{}%ReYA4(?-@!"
    "bKGT$6twUq!o=^T81>jxqz$G`H+UMV-L_@)=mws(j@ngxbLjtgN{$+Am(`xxDU&3b)+1?F`vIa+$`r_QH9U-h}Q$"
    "IAAZiMAK+QNOK!FMyNs)t`X0NR68?=|x@?ya#bB4NUa>T}5!Zt&ke%@au5>&twWhehG<h^hmvCJ<4oJdUmiI7>A4"
    "MXjNQNPO%U0V6a@Dp(#dXWS)tlYUC4OXAI1hbDtKGAO9qeESJJ`Vvz7J{%i(Zb;o<1d;K7e^G;S04yG6E6+ZE<sy"
    "OP}C_hf3fz$R{jqq%pqzV-yPdT`yBel5MMiZ&n0ZKudwbP)n)HN90-$1Y?Wg1-xFRHI6gEpzP+#)lfVXGnJyfJb$"
    "V=mm2WlFRQ~C*W=TUVqgob)f*~H4sJTtiZ?t3A^%r-z(4ipoPKX3s(@p_+gfJ-2^AOrRSTpK24<q%z{dl4*N=ZII"
    "X|buLQ<yk6bj`J_2ZsH^)sW3{CfhII1bs9(78^=_?|B-`!cRoLVg(itd%j|^wZ8*L8G-ttJSiLhX$tNOY|H=kGC2"
    "Qyw+A@JkD!X{UZ>Bp}Nzp{2U{$gCsGVm-y8;d1a<tApS+ksJ8-L>4R1+KL$;x(fa$K2QKT;0UkAGWt;bcYd9X6{g"
    "J;3rA=;}NI4nv$Aqo^QH|YZj7?|qbJhiJ$_09!FuPeCc0iy>B|MuM|5J(QL0-T^M-XUQu`<?hmW|HlR+N=iKVe|8"
    "DhrS_aCB-_8f{TZvZWovHV0W^?Z4@Y{*7rSD{$8N9LD}N6RtT$2&9*)^-p1-cIlsCOaGNf&+W6W=kL%XGV)Zm`_("
    "qzpw46^m`cK4Ptp16u;q1>?mnItRHdY}w~_xGMIpMGhD|R;`21FR*@eTx)dWLwIm_XtT^2q*z8B>P+!W%A-dOm8`"
    "D_K|ey1V%>q<_vFtU!*JAr*EIoIIwC}VZM<M>W#PMFMnJviVQZRjC<s7Jj4Yh??bHGQXo{Fgv7?5=(*wZx~%+o>E"
    "1zI!;--8eXa3|EJ;8zHqG05*`rC%eUE4x>)T79s0gXu34~fx2gqqWuEWFaS!jlEA$)g2w%kkgT2x4)0aJJM8L}xO"
    "vDyxcbb<81>C?M;H?8CnIjBLndu#WE48N7B(P<4efXR2Atf1)ZGa?9Fl&&aKn|Ceduo?EAXrgNr!ef0v?mPyB{<%"
    ">%et73gfO8-<_1aD<$m?;0YFwecc5)*$(oM_h25dR@!b(;(Y_NlY#n)?PS#N4fnxz1Mgw)hAb4_GM+j=uBX22z>+"
    "%H>$1M+&XZ-=m++!|c>&j!{XVsM!2WzX6E{iDQ+)pam3#%Q<Z_|"
)
_WIDTH_RUNS = (
    "c-mD}J#1EG6h7y?@4ffC_v_d8EB2q3qE$+p(jN>+4bo^tVq)ST8gQVP)WL*=MF$-G2>yhqk;FfUgC**q35$y%jVv"
    "Y%OvJ&ZnxG7BgiQwrpYz<eUvxM*?>+zjcS=s_ZfU8?&r#3H$EJn6XF4wmlBy+8c}#Puw8{5A9h83Hb#34~7o$v+-"
    "PBQ;)Ny$kvMX9jiSH5c6mQi4$Yc)qQRw8*pVdQhFzH2nN8o@UD)1-pULie71NZ^Z#(>@5A<~Utuovjph?`x0#`t5"
    ">9YU;{Y#M#mb_?)aXA<wjfF8gy<Iogakc_d%uIzSfeR#X=o%Ct{i`8Y0(SD%clk{7_enVd2yM(P=o`vjqs)5pHFY"
    "Dy7XRP@&>-Z|`n3L``7^S~}UPQLgSW}NlVSmjwRDSc?eD48FFu@vD*|36v8XUOsc{qF>^at^N1M*&2r{{QY)gJ4N"
    "U2!{7LngUa<SpthSwbX><YnY%fEi@j1N|xR>PZQhrh2+Us_qKxIPY>jA}u<J^zLmixv9D;?|VbX082Dq$r@(&TLf"
    "w?zzwv=V9*eZU3BUoU|D-?4ul;5)W{m3wE-Cb=>sd|)C%gU#blu1+iWNBLx7qWhz|pg0QUm6atQ5DidO={|Iia(("
    "<$kweitlC8%ih4<XV8o`v+`QZ(mdUGO(K!>SFRd;F6`0^SnpddX>+WGe5xoK7uNZqFuc@VeV;>9jL3i2k)oSE;{%"
    "OdwUlE`%{&TM(cf^1$O>DP0Qe32lVTgtVf6Ou_SLlshw!P6TfHLFa6dptM-wLpSHKOumM;+?^=I2?Ne|0yDhfQy+"
    "rgq(C9Z#_|f;`f_L(YA_Je3H^DogeX=)AZUy<Jl+AWP6*n=+G#lQKC%B!4>rsLiDR+vQ)$`=zvZ1VFLk81IdQBh3"
    "JOvo}NjYitJ`Mw3NH-y-TX)ZwJWn6vfa6rC&A-+i`&wz8t|Q0&g7LzcbS#zF6S$-)BmbC6{h1-I??lOWz)fvY`?J"
    "9H$`RNQkHz*8J_lOp9_4xkk9Ai_Wy>vZ&LW5(&LEt}A#&Lr9D$?fuo*my7}>uUFonOA21)z#X=k99_0WH1HjmM6g"
    "V@jyf?eH_4*Rdux(~q&%Z8tu64T(3O@i}@&(&t19z=r6ObAPXL+kD8liL*oZT}~cOy2R2zl^sw%AF>@&H%3acHZ*"
    "!x}glGvUR;`7{?N_M*%~4&tcCp;5Iis=rdeM)lJtpf(`e4MlhRdW4sG$FY0kygn^t20dfIbAI!^9!1!IoiSX_H!g"
    "K-J72vwsS@;Qr!b&b&6Kc6t5WtTM6)NmvrJYX0&Ua?`_gV9mzmKN>)6{<f=s;-J"
)


def _runs(data: str) -> list[tuple[int, int, int]]:
    """(first, end, value) ranges of code points from run-length data.

    The data is base85 of zlib of (varint length, value byte) pairs covering U+0000 to
    U+10FFFF in order.
    """
    raw = zlib.decompress(base64.b85decode(data))
    ranges = []
    position = index = 0
    while index < len(raw):
        length = shift = 0
        while True:
            byte = raw[index]
            index += 1
            length |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                break
        ranges.append((position, position + length, raw[index]))
        index += 1
        position += length
    return ranges


def _table(ranges: list[tuple[int, int, int]]) -> bytearray:
    table = bytearray(0x110000)
    for first, end, value in ranges:
        if value:
            table[first:end] = bytes((value,)) * (end - first)
    return table


def _char_class(spans: Iterable[tuple[int, int]]) -> str:
    """A regular-expression character set of code point ranges, without surrogates."""
    parts = []
    for first, end in spans:
        for a, b in ((first, min(end, 0xD800)), (max(first, 0xE000), end)):
            a = max(a, 0x21)
            if a < b:
                parts.append(re.escape(chr(a)) + ("-" + re.escape(chr(b - 1)) if b - 1 > a
                                                  else ""))
    return "".join(parts)


def _intersect(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        first, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if first < end:
            out.append((first, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


class _Tables:
    """The character data, decoded on first use (a few milliseconds)."""

    def __init__(self) -> None:
        classes, widths = _runs(_LINE_BREAK_RUNS), _runs(_WIDTH_RUNS)
        #: Each code point's line-breaking class and display width (0, 1 or 2 columns).
        self.line_break = _table(classes)
        self.width = _table(widths)
        letters = [(a, b) for a, b, v in classes if v in (_AL, _NU)]
        narrow = [(a, b) for a, b, v in widths if v == 1]
        # A token no break can fall inside: one-column letters and digits (AL and NU
        # behave alike before anything), then closing punctuation (never broken
        # before), then spaces; or a run of spaces; or any other single character.
        self.tokens = re.compile(
            f"[{_char_class(_intersect(letters, narrow))}]+"
            r"[,.:;!?)\]}/]*( *)| +|.", re.S)
        self.wide = re.compile(f"[{_char_class((a, b) for a, b, v in widths if v == 2)}]")
        self.zero = re.compile(
            "[" + _char_class((a, b) for a, b, v in widths if v == 0) + r"\x00-\x1f]")


_loaded: list[_Tables] = []


def tables() -> _Tables:
    if not _loaded:
        _loaded.append(_Tables())
    return _loaded[0]


_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
            "\v": "\\v", "\\": "\\\\", '"': '\\"'}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
#: Format flags in GNU's order (``NFORMATS``): the first one an entry has decides which
#: directives must not be broken; only the two Python ones are understood here.
_FORMATS = ("c-format", "objc-format", "python-format", "python-brace-format")


def format_kind(flags: Iterable[str]) -> str | None:
    """The format (``python-format``, ``python-brace-format``) whose directives GNU keeps whole."""
    present = set(flags)
    for kind in _FORMATS:
        if kind in present:
            return kind if kind.startswith("python") else None
    return None



def _skip_number(value: str, i: int, n: int) -> tuple[int, bool]:
    """Skip a printf width or precision at ``i``: ``*`` (True) or digits (False)."""
    if i < n and value[i] == "*":
        return i + 1, True
    while i < n and value[i].isascii() and value[i].isdigit():
        i += 1
    return i, False


def _python_directives(value: str) -> list[tuple[int, int]]:
    """(start, end) of each ``%`` directive, as GNU's format-python.c marks them."""
    spans: list[tuple[int, int]] = []
    n = len(value)
    i = 0
    named = unnamed = False
    while i < n:
        if value[i] != "%":
            i += 1
            continue
        start = i
        i += 1
        name = False
        if i < n and value[i] == "(":
            depth = 0
            i += 1
            while i < n and not (value[i] == ")" and depth == 0):
                depth += value[i] == "("
                depth -= value[i] == ")"
                i += 1
            if i >= n:
                return spans
            i += 1
            name = True
        while i < n and value[i] in "-+ #0":
            i += 1
        for dot in (False, True):  # the width, then the precision after a "."
            if dot:
                if not (i < n and value[i] == "."):
                    break
                i += 1
            i, star = _skip_number(value, i, n)
            if star:
                if named:
                    return spans
                unnamed = True
        if i < n and value[i] in "hlL":
            i += 1
        if i >= n or value[i] not in "%csridouxXeEfgG":
            return spans
        if name:
            if unnamed:
                return spans
            named = True
        elif value[i] != "%":
            if named:
                return spans
            unnamed = True
        spans.append((start, i))
        i += 1
    return spans


def _brace_field(value: str, i: int, numeric: bool) -> int:
    """The end of a name (or, when ``numeric``, also a number) at ``i``; ``i`` if none."""
    n = len(value)
    if i < n and (value[i] == "_" or value[i].isascii() and value[i].isalpha()):
        i += 1
        while i < n and (value[i] == "_" or value[i].isascii() and value[i].isalnum()):
            i += 1
    elif numeric and i < n and value[i].isascii() and value[i].isdigit():
        while i < n and value[i].isascii() and value[i].isdigit():
            i += 1
    return i


class _BraceMarks:
    """The marks GNU's format-python-brace.c leaves: offsets from each directive's start.

    gettext (0.21 and still in 2025) marks a ``{…}`` directive relative to the directive's
    own ``{``, not to the string (``format_start`` is the directive's start there): every
    directive's start lands on the string's first character and its end on the directive's
    length minus one. What GNU then keeps unbroken is computed from these marks as it is.
    """

    def __init__(self) -> None:
        self.started = False
        self.ends: list[int] = []
        self.errors: list[int] = []

    def directive(self, value: str, i: int, toplevel: bool) -> int:
        """Parse the directive at ``value[i] == "{"``; the index after it, or -1 on an error."""
        base = i

        def offset(at: int) -> int:  # bytes from the directive's start, as C counts them
            return len(value[base:at].encode())
        n = len(value)
        i += 1
        if i < n and value[i] == "{":
            return i + 1
        end = _brace_field(value, i, True)
        if end == i:
            self.errors.append(offset(i))
            return -1
        i = end
        while i < n and value[i] in ".[":
            if value[i] == ".":
                end = _brace_field(value, i + 1, False)
                if end == i + 1:
                    self.errors.append(offset(end))
                    return -1
                i = end
            else:
                end = _brace_field(value, i + 1, True)
                if end == i + 1:
                    self.errors.append(offset(end))
                    return -1
                if end >= n or value[end] != "]":
                    self.errors.append(offset(end + 1))
                    return -1
                i = end + 1
        if i < n and value[i] == ":":
            if not toplevel:
                self.errors.append(offset(i))
                return -1
            i += 1
            if i < n and value[i] == "{":
                i = self.directive(value, i, False)
                if i < 0:
                    return -1
                if i >= n or value[i] != "}":
                    self.errors.append(offset(i))
                    return -1
            else:
                if i + 1 < n and value[i + 1] in "<>=^":
                    i += 2
                elif i < n and value[i] in "<>=^":
                    i += 1
                for optional in ("+- ", "#", "0"):
                    if i < n and value[i] in optional:
                        i += 1
                while i < n and value[i].isascii() and value[i].isdigit():
                    i += 1
                if i < n and value[i] == ".":
                    i += 1
                    while i < n and value[i].isascii() and value[i].isdigit():
                        i += 1
                if i < n and value[i] in "bcdoxXneEfFgG%":
                    i += 1
                if i >= n or value[i] != "}":
                    self.errors.append(offset(i))
                    return -1
        if i >= n or value[i] != "}":
            self.errors.append(offset(i))
            return -1
        if toplevel:
            self.started = True
            self.ends.append(offset(i))
        return i + 1

    def kept(self, value: str) -> set[int]:
        i = 0
        while i < len(value):
            if value[i] == "{":
                i = self.directive(value, i, True)
                if i < 0:
                    break
            else:
                i += 1
        if not self.started:
            return set()
        last = min(self.ends + self.errors)
        if last in self.errors:
            return set()
        kept = set()
        position = 0  # the marks are byte offsets: the characters starting at bytes 1..last
        for index, char in enumerate(value):
            if position > last:
                break
            if position:
                kept.add(index)
            position += len(char.encode())
        return kept


def _inside_directives(value: str, kind: str | None) -> set[int]:
    """Positions of ``value`` inside a format directive (after its first character)."""
    if kind is None or ("%" not in value if kind == "python-format" else "{" not in value):
        return set()
    if kind == "python-brace-format":
        return _BraceMarks().kept(value)
    return {i for start, end in _python_directives(value) for i in range(start + 1, end + 1)}


def _breaks(text: str, keep: set[int], width: int, column: int) -> tuple[list[int], bool]:
    """Where libunistring's ``u8_width_linebreaks`` breaks ``text``: indexes of line starts.

    Also whether the last piece had a break opportunity (any at all, without mandatory
    breaks).

    ``keep`` holds the indexes before which no break may go; ``column`` is where the text
    starts, ``width`` the columns it may fill. A token (see :class:`_Tables`) is one step:
    no break is possible inside it, all its characters are one column wide, and what
    follows it depends only on its last character.
    """
    t = tables()
    lb, cw, pair = t.line_break, t.width, _PAIR
    breaks: list[int] = []
    prev_prop = last_prop = _BK
    space = False
    ri_count = 0
    last_p = -1
    piece = 0
    for match in t.tokens.finditer(text):
        i = match.start()
        code = ord(text[i])
        prop = lb[code]
        possible = mandatory = False
        if prop in (_BK, _LF, _CR):
            mandatory = True
            prev_prop = prop
            last_prop = _BK
            space = False
        else:
            if prop == _SP:
                space = True
            elif prop == _ZW:
                last_prop = _ZW
                space = False
            elif prop in (_CM, _ZWJ):
                if last_prop == _BK:
                    last_prop = _AL
                    space = False
                elif last_prop == _ZW or space:
                    possible = True
                    last_prop = _AL
                    space = False
            else:
                if last_prop == _BK or (last_prop != _ZW and prev_prop == _ZWJ):
                    pass  # LB4-6: never at the start; LB8a: never after a joiner
                elif last_prop == _ZW:
                    possible = True  # LB8
                elif last_prop == _RI and prop == _RI:
                    possible = space or ri_count % 2 == 0  # LB30a
                elif prev_prop != _HL_BA:  # LB21a
                    rule = pair[last_prop][prop]
                    possible = rule == 1 or (rule == 2 and space)
                last_prop = prop
                space = False
            prev_prop = _HL_BA if prev_prop == _HL and prop in (_HY, _BA) else prop
        ri_count = ri_count + 1 if prop == _RI else 0
        if keep and i in keep:
            possible = mandatory = False
        if (possible or mandatory) and last_p >= 0 and column + piece > width:
            breaks.append(last_p)
            column = 0
        if mandatory:
            last_p = -1
            column = piece = 0
            continue
        if possible:
            last_p = i
            column += piece
            piece = 0
        end = match.end()
        if end == i + 1:
            piece += cw[code]
            continue
        piece += end - i  # the rest of the token: one column each
        spaces = end - match.start(1) if match.start(1) >= 0 else 0
        if prop == _SP:
            continue  # a run of spaces: nothing more changes
        if end - spaces > i + 1:  # letters or punctuation after the first character
            last_prop = lb[ord(text[end - spaces - 1])]
            prev_prop = last_prop
        if spaces:
            space = True
            prev_prop = _SP
    if last_p >= 0 and column + piece > width:
        breaks.append(last_p)
    return breaks, last_p >= 0


_MANDATORY = re.compile("[\x85\u2028\u2029]")
_ESCAPE_PAIRS = re.compile(r"\\.", re.S)


def _kept(portion: str, text: str, offset: int, inside: set[int]) -> set[int]:
    """Indexes of the escaped ``text`` before which GNU never breaks.

    The second character of an escape sequence, the backslash of the ``\\n`` that ends a
    portion, and the characters of a format directive after its first (``inside`` holds
    their indexes in the whole unescaped string; ``portion`` starts at ``offset``).
    """
    keep = {m.start() + 1 for m in _ESCAPE_PAIRS.finditer(text)} if "\\" in text else set()
    if portion.endswith("\n"):
        keep.add(len(text) - 2)
    if inside and any(offset <= i < offset + len(portion) for i in inside):
        at = 0
        for i, char in enumerate(portion, offset):
            if i in inside:
                keep.add(at)
            at += 2 if char in _ESCAPES else 1
    return keep


def _width(text: str) -> int:
    """The columns ``text`` takes: wide characters two, combining and control ones none."""
    if text.isascii() and text.isprintable():
        return len(text)
    t = tables()
    return len(text) + len(t.wide.findall(text)) - len(t.zero.findall(text))


def wrap(name: str, value: str, prefix: str = "", page_width: int = 79,
         kind: str | None = None) -> str:
    """``name`` (msgid, msgstr[1], …) and its string ``value`` as GNU writes them.

    ``prefix`` starts every line (``"#| "``, ``"#~ "``, ``"#~| "``); ``page_width`` <= 0
    never wraps (GNU's ``no-wrap``); ``kind`` is the entry's :func:`format_kind`.
    The result ends with a newline.
    """
    if (value.isprintable() and '"' not in value and "\\" not in value and (
            page_width <= 0 or len(prefix) + len(name) + 3
            + (len(value) if value.isascii() else 2 * len(value)) <= page_width)):
        return f'{prefix}{name} "{value}"\n'  # the usual short string
    return _wrap(name, value, prefix, page_width, kind)


@functools.lru_cache(maxsize=4096)  # every catalog of a chapter has the same msgids
def _wrap(name: str, value: str, prefix: str, page_width: int, kind: str | None) -> str:
    portions = [value]
    if "\n" in value[:-1]:  # cut after each newline
        parts = value.split("\n")
        portions = [part + "\n" for part in parts[:-1]]
        if parts[-1]:
            portions.append(parts[-1])
    after_break = len(prefix) + 1
    width = (page_width if page_width > 0 else 2**31 - 1) - 1 - after_break
    lines: list[str] = []
    first = True
    offset = 0
    inside: set[int] | None = None
    last = len(portions) - 1
    for number, portion in enumerate(portions):
        column = len(prefix) + len(name) + 2 - after_break if first else 0
        text = portion.translate(_ESCAPE_TABLE)
        breaks: list[int] = []
        total = _width(text)
        if column + total > width or (first and number < last and portion):
            if inside is None:
                inside = _inside_directives(value, kind)
            keep = _kept(portion, text, offset, inside)
            if first and portion:
                if _MANDATORY.search(text):  # a column reset: compute as GNU does
                    breaks = _breaks(text, keep, width, column)[0]
                    empty = number < last or column > width or bool(breaks)
                    if empty:
                        breaks = _breaks(text, keep, width, 0)[0]
                else:  # GNU's first computation breaks iff too long and breakable
                    breaks, breakable = _breaks(text, keep, width, 0)
                    empty = (number < last or column > width
                             or (column + total > width and breakable))
                    if not empty:
                        breaks = []
                if empty:
                    lines.append(f'{prefix}{name} ""\n')
                    first = False
            else:
                breaks = _breaks(text, keep, width, 0)[0]
        head = f"{prefix}{name} " if first else prefix
        first = False
        start = 0
        for stop in breaks:
            lines.append(f'{head}"{text[start:stop]}"\n')
            head = prefix
            start = stop
        lines.append(f'{head}"{text[start:]}"\n')
        offset += len(portion)
    return "".join(lines)


def references(occurrences: Iterable[tuple[str, str]], page_width: int = 79) -> str:
    """The ``#:`` lines of an entry's locations, filled to ``page_width`` as GNU fills them."""
    lines: list[str] = []
    line = "#:"
    column = 2
    for path, number in occurrences:
        while path.startswith("./"):
            path = path[2:]
        ref = f"{path}:{number}" if number else path
        if column > 2 and column + len(ref) + 1 > page_width:
            lines.append(line)
            line = "#:"
            column = 2
        line += " " + ref
        column += len(ref) + 1
    lines.append(line)
    return "\n".join(lines) + "\n"
