"""The creator-analytics workbook (`Content_<start>_<end>_<Name>.xlsx`) in the real layout.

Five sheets (DISCOVERY, ENGAGEMENT, TOP POSTS, FOLLOWERS, DEMOGRAPHICS), dates as `M/D/YYYY`
text, counts as floats, offset headers, `< 1%` strings. openpyxl stamps the current time into
docProps and the zip entries, so the file is re-packed with fixed values to stay byte-identical
per seed; the re-pack also writes the `<dimension ref="A1"/>` bug and the Apache POI app name.
"""

from __future__ import annotations

import io
import re
import zipfile

import numpy as np
from openpyxl import Workbook

from . import fmt
from . import params as P
from .world import World, stream

_FIXED = "2025-08-26T06:00:00Z"


def build(w: World) -> bytes:
    d = w.daily
    wb = Workbook()
    days = fmt.mdy(d["day"].to_numpy())
    first, last = days[0], days[-1]
    ws = wb.active
    ws.title = "DISCOVERY"
    imp = d["impressions"].to_numpy()
    ws.append(["Overall Performance", f"{first} - {last}"])
    ws.append(["Impressions", float(imp.sum())])
    ws.append(["Members reached", float(np.round(imp.sum() * 0.62))])
    ws = wb.create_sheet("ENGAGEMENT")
    ws.append(["Date", "Impressions", "Engagements"])
    for day, i, e in zip(days, imp.tolist(), d["engagements"].tolist(), strict=True):
        ws.append([day, float(i), float(e)])
    ws = wb.create_sheet("TOP POSTS")
    ws.append(["Maximum of 50 posts available to include in this list"])
    ws.append([])
    ws.append(["Post URL", "Post publish date", "Engagements", None, "Post URL",
               "Post publish date", "Impressions", None])
    posts = w.act.posts
    inr = posts[(posts["t"] >= P.WB_START) & (posts["t"] < P.WB_START + P.WB_DAYS * 86400)]
    url = ("https://www.linkedin.com/feed/update/urn:li:activity:" + inr["id"]).to_numpy()
    pub = fmt.mdy(inr["t"].to_numpy())
    by_eng = np.argsort(-inr["engagements"].to_numpy(), kind="stable")[:50]
    by_imp = np.argsort(-inr["impressions"].to_numpy(), kind="stable")[:50]
    for r in range(max(len(by_eng), len(by_imp))):
        row: list = [None] * 8
        if r < len(by_eng):
            j = by_eng[r]
            row[0:3] = [url[j], pub[j], float(inr["engagements"].to_numpy()[j])]
        if r < len(by_imp):
            j = by_imp[r]
            row[4:7] = [url[j], pub[j], float(inr["impressions"].to_numpy()[j])]
        ws.append(row)
        for col in (0, 4):
            if row[col]:
                ws.cell(row=ws.max_row, column=col + 1).hyperlink = row[col]
    ws = wb.create_sheet("FOLLOWERS")
    foll = d["new_followers"].to_numpy()
    total = 2400 * w.size.activity ** 0.5 + float(foll.sum())
    ws.append([f"Total followers on {last}:", float(round(total))])
    ws.append([])
    ws.append(["Date", "New followers"])
    for day, f in zip(days, foll.tolist(), strict=True):
        ws.append([day, float(f)])
    ws = wb.create_sheet("DEMOGRAPHICS")
    ws.append(["Top Demographics", "Value", "Percentage"])
    rng = stream(w.seed, "demographics")
    companies = list(w.net.pool[:5])
    groups = {
        "Job titles": ["Data Engineer", "Software Engineer", "Data Scientist",
                       "Engineering Manager", "Data Analyst"],
        "Locations": ["Berlin Metropolitan Area", "Greater Munich Metropolitan Area",
                      "Amsterdam Area", "Greater London", "Lisbon Area"],
        "Industries": ["Software Development", "IT Services and IT Consulting",
                       "Financial Services", "Technology, Information and Internet",
                       "Higher Education"],
        "Seniority": ["Senior", "Entry", "Manager", "Director", "Owner"],
        "Company size": ["10,001+ employees", "1001-5000 employees", "51-200 employees",
                         "201-500 employees", "1-10 employees"],
        "Companies": companies,
    }
    for label, values in groups.items():
        shares = np.sort(rng.dirichlet(np.ones(len(values)) * 2) * rng.uniform(0.25, 0.6))[::-1]
        for j, (v, s) in enumerate(zip(values, shares.tolist(), strict=True)):
            small = label == "Companies" and (s < 0.05 or j == len(values) - 1)
            ws.append([label, v, "< 1%" if small else round(s, 6)])
    buf = io.BytesIO()
    wb.save(buf)
    return _repack(buf.getvalue())


def _repack(data: bytes) -> bytes:
    """Fixed timestamps and docProps; POI-like app name; the `A1` dimension bug."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            body = src.read(name)
            if name == "docProps/core.xml":
                text = body.decode("utf-8")
                text = re.sub(r"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)",
                              rf"\g<1>{_FIXED}\g<2>", text)
                text = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rf"\g<1>{_FIXED}\g<2>", text)
                body = text.encode("utf-8")
            elif name == "docProps/app.xml":
                body = re.sub(rb"<Application>[^<]*</Application>",
                              b"<Application>Apache POI</Application>", body)
            elif name.startswith("xl/worksheets/sheet"):
                body = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', body)
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            z.writestr(info, body)
    return out.getvalue()
