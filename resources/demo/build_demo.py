"""Write the demo project and the built-in sample reference library that ship with the app.

Outputs (relative to the resources directory):
  reference/sample_library.json   a small ``ahsp-reference`` library ("AHSP Contoh 2026")
  demo/demo_project.ahsp.json     "Rumah Tinggal 2 Lantai" in the ``ahsp-project`` v1 format (FORMAT.md)

All data lives in the tables below; the functions only assemble them. The output is deterministic, so running
the script twice gives byte-identical files (tests/test_resources.py checks this). Standard library only.

Usage: python resources/demo/build_demo.py [--root RESOURCES_DIR]
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

SUMBER = "AHSP Contoh 2026"
HUNDRED = Decimal("100.00")
CENT = Decimal("0.01")
STATUS_WEEK = 12  # the project's "today": actual progress is recorded up to and including this week

# --------------------------------------------------------------------------------------------------------------
# Resources: kode -> (kategori, uraian, satuan, harga satuan Yogyakarta 2026 or None = not priced yet).
# One code scheme: TK-0001 labour, B-0001 material, PR-0001 equipment.
# --------------------------------------------------------------------------------------------------------------
RESOURCES: dict[str, tuple[str, str, str, str | None]] = {
    "TK-0001": ("TK", "Pekerja", "OH", "110000"),
    "TK-0002": ("TK", "Tukang Batu", "OH", "135000"),
    "TK-0003": ("TK", "Tukang Kayu", "OH", "135000"),
    "TK-0004": ("TK", "Tukang Besi", "OH", "135000"),
    "TK-0005": ("TK", "Tukang Cat", "OH", "130000"),
    "TK-0006": ("TK", "Tukang Listrik", "OH", "145000"),
    "TK-0007": ("TK", "Tukang Pipa", "OH", "140000"),
    "TK-0008": ("TK", "Kepala Tukang", "OH", "150000"),
    "TK-0009": ("TK", "Mandor", "OH", "165000"),
    "B-0001": ("BHN", "Semen Portland", "kg", "1450"),
    "B-0002": ("BHN", "Pasir Pasang", "m3", "245000"),
    "B-0003": ("BHN", "Pasir Beton", "kg", "203.57"),
    "B-0004": ("BHN", "Kerikil Beton (Batu Pecah 1/2)", "kg", "215"),
    "B-0005": ("BHN", "Air Kerja", "liter", "50"),
    "B-0006": ("BHN", "Besi Beton Polos/Ulir", "kg", "14500"),
    "B-0007": ("BHN", "Kawat Beton (Bendrat)", "kg", "25000"),
    "B-0008": ("BHN", "Bata Merah", "buah", "850"),
    "B-0009": ("BHN", "Bata Ringan (Hebel) Tebal 10 cm", "m3", "720000"),
    "B-0010": ("BHN", "Perekat Bata Ringan (Mortar Instan)", "kg", "2400"),
    "B-0011": ("BHN", "Batu Kali (Batu Belah)", "m3", "265000"),
    "B-0012": ("BHN", "Pasir Urug", "m3", "185000"),
    "B-0013": ("BHN", "Tanah Urug", "m3", "125000"),
    "B-0014": ("BHN", "Kayu Kelas III (Bekisting)", "m3", "3250000"),
    "B-0015": ("BHN", "Kayu Kelas II Balok (Meranti)", "m3", "5400000"),
    "B-0016": ("BHN", "Kayu Kamper Oven (Kelas II)", "m3", "9800000"),
    "B-0017": ("BHN", "Plywood Tebal 9 mm", "lembar", "132000"),
    "B-0018": ("BHN", "Dolken Kayu Galam Ø 8-10 cm Panjang 4 m", "batang", "22000"),
    "B-0019": ("BHN", "Paku Biasa 5-12 cm", "kg", "22000"),
    "B-0020": ("BHN", "Minyak Bekisting", "liter", "28000"),
    "B-0021": ("BHN", "Lem Kayu", "kg", "45000"),
    "B-0022": ("BHN", "Seng Gelombang BJLS 0,20 mm", "lembar", "52000"),
    "B-0023": ("BHN", "Plamir Tembok", "kg", "17500"),
    "B-0024": ("BHN", "Cat Dasar Tembok (Alkali Resisting Sealer)", "kg", "52000"),
    "B-0025": ("BHN", "Cat Tembok Interior", "kg", "38000"),
    "B-0026": ("BHN", "Cat Tembok Eksterior (Weathershield)", "kg", "68000"),
    "B-0027": ("BHN", "Amplas", "lembar", "4500"),
    "B-0028": ("BHN", "Dempul Kayu", "kg", "40000"),
    "B-0029": ("BHN", "Cat Dasar Kayu (Meni Kayu)", "kg", "48000"),
    "B-0030": ("BHN", "Cat Kayu (Cat Minyak)", "kg", "75000"),
    "B-0031": ("BHN", "Profil Kanal C 75 x 0,75 mm (Baja Ringan)", "m'", "22500"),
    "B-0032": ("BHN", "Profil Reng 30 x 0,45 mm (Baja Ringan)", "m'", "11500"),
    "B-0033": ("BHN", "Sekrup Baja Ringan (Self Drilling)", "buah", "300"),
    "B-0034": ("BHN", "Dynabolt M10", "buah", "6500"),
    "B-0035": ("BHN", "Genteng Beton Flat", "buah", "7200"),
    "B-0036": ("BHN", "Genteng Bubungan Beton", "buah", "14500"),
    "B-0037": ("BHN", "Listplank Fiber Cement Lebar 20 cm", "m'", "21000"),
    "B-0038": ("BHN", "Gypsum Board 9 mm (1,20 x 2,40 m)", "lembar", "82000"),
    "B-0039": ("BHN", "Papan GRC 4 mm (1,20 x 2,40 m)", "lembar", "64000"),
    "B-0040": ("BHN", "Hollow Galvalum 40 x 40 mm", "m'", "9000"),
    "B-0041": ("BHN", "Hollow Galvalum 20 x 40 mm", "m'", "7000"),
    "B-0042": ("BHN", "Sekrup Gypsum", "buah", "100"),
    "B-0043": ("BHN", "Kompon Gypsum", "kg", "9500"),
    "B-0044": ("BHN", "Keramik Lantai 40 x 40 cm", "buah", "10500"),
    "B-0045": ("BHN", "Granit Tile 60 x 60 cm", "buah", "56000"),
    "B-0046": ("BHN", "Keramik Lantai 20 x 20 cm Anti Slip", "buah", "2300"),
    "B-0047": ("BHN", "Keramik Dinding 20 x 40 cm", "buah", "4600"),
    "B-0048": ("BHN", "Keramik Plint 10 x 40 cm", "buah", "2600"),
    "B-0049": ("BHN", "Semen Warna (Pengisi Nat)", "kg", "16500"),
    "B-0050": ("BHN", "Profil Kusen Aluminium 4 inci Powder Coating", "m'", "92000"),
    "B-0051": ("BHN", "Sealant Silikon", "tube", "48000"),
    "B-0052": ("BHN", "Sekrup Fisher S8", "buah", "900"),
    "B-0053": ("BHN", "Pintu PVC Kamar Mandi Lengkap Kusen", "buah", "485000"),
    "B-0054": ("BHN", "Kaca Polos Tebal 5 mm", "m2", "165000"),
    "B-0055": ("BHN", "Kunci Tanam 2 Slag", "buah", "285000"),
    "B-0056": ("BHN", "Engsel Pintu 4 inci", "buah", "38000"),
    "B-0057": ("BHN", "Kabel NYM 2 x 1,5 mm²", "m'", "8200"),
    "B-0058": ("BHN", "Kabel NYM 3 x 2,5 mm²", "m'", "15500"),
    "B-0059": ("BHN", "Pipa Conduit PVC Ø 20 mm", "m'", "4200"),
    "B-0060": ("BHN", "Kotak Sambung (T-Dus)", "buah", "2800"),
    "B-0061": ("BHN", "Fitting Lampu Plafon", "buah", "15000"),
    "B-0062": ("BHN", "Saklar Tunggal", "buah", "32000"),
    "B-0063": ("BHN", "Stop Kontak", "buah", "36000"),
    "B-0064": ("BHN", "Box MCB 4 Grup", "buah", "185000"),
    "B-0065": ("BHN", "MCB 1 Fasa 10 A", "buah", "68000"),
    "B-0066": ("BHN", "Pipa PVC AW Ø 3/4 inci", "m'", "11500"),
    "B-0067": ("BHN", "Pipa PVC D Ø 3 inci", "m'", "26500"),
    "B-0068": ("BHN", "Fitting Pipa PVC (Sok, Knee, Tee)", "buah", "6500"),
    "B-0069": ("BHN", "Lem Pipa PVC", "kg", "95000"),
    "B-0070": ("BHN", "Tangki Air Polyethylene 1.050 Liter", "buah", "1650000"),
    "B-0071": ("BHN", "Kloset Duduk Lengkap Tangki", "buah", "2150000"),
    "B-0072": ("BHN", "Wastafel Keramik Lengkap", "buah", "675000"),
    "B-0073": ("BHN", "Kran Air Ø 1/2 inci", "buah", "65000"),
    "B-0074": ("BHN", "Seal Tape", "roll", "4000"),
    "B-0075": ("BHN", "Floor Drain", "buah", "48000"),
    "B-0076": ("BHN", "Shower Set", "buah", "185000"),
    "B-0077": ("BHN", "Septic Tank Biofilter Fabrikasi 1,2 m³", "unit", None),  # waiting for the vendor quote
    "B-0078": ("BHN", "Biaya Penyambungan Listrik Sementara PLN 2.200 VA", "ls", None),  # waiting for PLN
    "B-0079": ("BHN", "Biaya Pemakaian Air dan Listrik Kerja", "bulan", "450000"),
    "B-0080": ("BHN", "Biaya Penyambungan Baru PLN 4.400 VA", "ls", "4350000"),
    "PR-0001": ("ALT", "Molen Beton 0,35 m³ (Sewa)", "hari", "275000"),
    "PR-0002": ("ALT", "Stamper Kuda (Sewa)", "hari", "250000"),
    "PR-0003": ("ALT", "Mobil Pick Up Angkutan (Sewa Termasuk Sopir)", "hari", "450000"),
    "PR-0004": ("ALT", "Vibrator Beton (Sewa)", "hari", "200000"),
    "PR-0005": ("ALT", "Mesin Potong Keramik (Sewa)", "hari", "125000"),
    "PR-0006": ("ALT", "Bor Listrik Tangan (Sewa)", "hari", "75000"),
    "PR-0007": ("ALT", "Gerinda Tangan (Sewa)", "hari", "75000"),
    "PR-0008": ("ALT", "Scaffolding 1 Set (Sewa)", "bulan", "75000"),
}

# How some items are bought on the market (DOMAIN.md §1.5): market_price / factor_to_base = harga_satuan.
CONVERSIONS: dict[str, dict[str, str | None]] = {
    "B-0001": {"market_unit": "zak", "market_price": "72500.00", "factor_to_base": "50.000000",
               "density": None, "capacity_m3": None, "capacity_ton": None, "method": "direct"},
    "B-0003": {"market_unit": "m3", "market_price": "285000.00", "factor_to_base": "1400.000000",
               "density": "1400.000", "capacity_m3": None, "capacity_ton": None, "method": "calc"},
    "B-0006": {"market_unit": "batang", "market_price": "107300.00", "factor_to_base": "7.400000",
               "density": None, "capacity_m3": None, "capacity_ton": None, "method": "direct"},
}

# --------------------------------------------------------------------------------------------------------------
# Sample reference library: (kode_ahsp, nama_ahsp, satuan, rincian as (kode_item, koefisien)).
# Grouped as klasifikasi -> sub_klasifikasi -> AHSP; the kategori of a row is the resource's kategori.
# --------------------------------------------------------------------------------------------------------------
Rincian = tuple[tuple[str, str], ...]
LABOUR_BEKISTING_RINGAN: Rincian = (("TK-0001", "0.520"), ("TK-0003", "0.260"), ("TK-0008", "0.026"),
                                    ("TK-0009", "0.026"))
LABOUR_BEKISTING_BERAT: Rincian = (("TK-0001", "0.660"), ("TK-0003", "0.330"), ("TK-0008", "0.033"),
                                   ("TK-0009", "0.033"))
LABOUR_BETON: Rincian = (("TK-0001", "1.650"), ("TK-0002", "0.275"), ("TK-0008", "0.028"), ("TK-0009", "0.083"))
LABOUR_KERAMIK: Rincian = (("TK-0001", "0.700"), ("TK-0002", "0.350"), ("TK-0008", "0.035"), ("TK-0009", "0.035"))
LABOUR_CAT: Rincian = (("TK-0001", "0.020"), ("TK-0005", "0.063"), ("TK-0008", "0.0063"), ("TK-0009", "0.0025"))
LABOUR_LISTRIK: Rincian = (("TK-0001", "0.100"), ("TK-0006", "0.200"), ("TK-0008", "0.020"), ("TK-0009", "0.005"))

LIBRARY: list[tuple[str, list[tuple[str, list[tuple[str, str, str, Rincian]]]]]] = [
    ("Pekerjaan Persiapan", [
        ("Persiapan Lapangan", [
            ("1.1.1", "Pembersihan 1 m2 lapangan dan perataan", "m2",
             (("TK-0001", "0.100"), ("TK-0009", "0.050"))),
            ("1.1.2", "Pengukuran dan pemasangan 1 m' bouwplank", "m'",
             (("TK-0001", "0.100"), ("TK-0003", "0.100"), ("TK-0008", "0.010"), ("TK-0009", "0.005"),
              ("B-0014", "0.012"), ("B-0019", "0.020"))),
            ("1.1.3", "Pembuatan 1 m' pagar sementara seng gelombang tinggi 2 m", "m'",
             (("TK-0001", "0.400"), ("TK-0003", "0.200"), ("TK-0008", "0.020"), ("TK-0009", "0.020"),
              ("B-0018", "1.250"), ("B-0022", "1.200"), ("B-0014", "0.010"), ("B-0019", "0.060"))),
        ]),
        ("Fasilitas Sementara dan Mobilisasi", [
            ("1.2.1", "Pembuatan 1 m2 direksi keet dan gudang material", "m2",
             (("TK-0001", "1.000"), ("TK-0003", "1.000"), ("TK-0008", "0.100"), ("TK-0009", "0.050"),
              ("B-0014", "0.090"), ("B-0017", "0.350"), ("B-0022", "1.500"), ("B-0019", "0.300"),
              ("B-0001", "10.000"), ("B-0002", "0.030"))),
            ("1.2.2", "Pembuatan dan pemasangan 1 buah papan nama proyek", "buah",
             (("TK-0001", "0.500"), ("TK-0003", "1.000"), ("TK-0008", "0.100"), ("TK-0009", "0.050"),
              ("B-0017", "1.000"), ("B-0014", "0.015"), ("B-0019", "0.100"), ("B-0030", "0.500"))),
            ("1.2.3", "Mobilisasi dan demobilisasi peralatan kerja", "ls",
             (("TK-0001", "4.000"), ("TK-0009", "0.400"), ("PR-0003", "4.000"))),
        ]),
    ]),
    ("Pekerjaan Tanah dan Pondasi", [
        ("Galian Tanah", [
            ("2.1.1", "Galian 1 m3 tanah biasa sedalam sampai dengan 1 m", "m3",
             (("TK-0001", "0.750"), ("TK-0009", "0.025"))),
            ("2.1.2", "Urugan kembali 1 m3 tanah bekas galian", "m3",
             (("TK-0001", "0.192"), ("TK-0009", "0.0192"))),
        ]),
        ("Urugan dan Pemadatan", [
            ("2.2.1", "Urugan 1 m3 pasir bawah pondasi dan lantai", "m3",
             (("TK-0001", "0.300"), ("TK-0009", "0.010"), ("B-0012", "1.200"))),
            ("2.2.2", "Urugan 1 m3 tanah peninggian lantai dipadatkan", "m3",
             (("TK-0001", "0.500"), ("TK-0009", "0.050"), ("B-0013", "1.200"), ("PR-0002", "0.040"))),
        ]),
        ("Pondasi Batu", [
            ("2.3.1", "Pemasangan 1 m3 batu kosong (aanstamping)", "m3",
             (("TK-0001", "0.780"), ("TK-0002", "0.390"), ("TK-0008", "0.039"), ("TK-0009", "0.039"),
              ("B-0011", "1.200"), ("B-0012", "0.432"))),
            ("2.3.2", "Pemasangan 1 m3 pondasi batu kali campuran 1 SP : 4 PP", "m3",
             (("TK-0001", "1.500"), ("TK-0002", "0.750"), ("TK-0008", "0.075"), ("TK-0009", "0.075"),
              ("B-0011", "1.200"), ("B-0001", "163.000"), ("B-0002", "0.520"))),
        ]),
    ]),
    ("Pekerjaan Beton", [
        ("Beton", [
            ("3.1.1", "Pembuatan 1 m3 beton mutu K-100 (fc' 7,4 MPa) untuk lantai kerja", "m3",
             (*LABOUR_BETON, ("B-0001", "247.000"), ("B-0003", "869.000"), ("B-0004", "999.000"),
              ("B-0005", "215.000"), ("PR-0001", "0.250"))),
            ("3.1.2", "Pembuatan 1 m3 beton mutu K-175 (fc' 14,5 MPa)", "m3",
             (*LABOUR_BETON, ("B-0001", "326.000"), ("B-0003", "760.000"), ("B-0004", "1029.000"),
              ("B-0005", "215.000"), ("PR-0001", "0.250"))),
            ("3.1.3", "Pembuatan 1 m3 beton mutu K-225 (fc' 19,3 MPa)", "m3",
             (*LABOUR_BETON, ("B-0001", "371.000"), ("B-0003", "698.000"), ("B-0004", "1047.000"),
              ("B-0005", "215.000"), ("PR-0001", "0.250"))),
        ]),
        ("Pembesian", [
            ("3.2.1", "Pembesian 1 kg dengan besi polos atau besi ulir", "kg",
             (("TK-0001", "0.007"), ("TK-0004", "0.007"), ("TK-0008", "0.0007"), ("TK-0009", "0.0004"),
              ("B-0006", "1.050"), ("B-0007", "0.015"))),
        ]),
        ("Bekisting", [
            ("3.3.1", "Pemasangan 1 m2 bekisting untuk pondasi", "m2",
             (*LABOUR_BEKISTING_RINGAN, ("B-0014", "0.040"), ("B-0019", "0.300"), ("B-0020", "0.100"))),
            ("3.3.2", "Pemasangan 1 m2 bekisting untuk sloof", "m2",
             (*LABOUR_BEKISTING_RINGAN, ("B-0014", "0.045"), ("B-0019", "0.300"), ("B-0020", "0.100"))),
            ("3.3.3", "Pemasangan 1 m2 bekisting untuk kolom", "m2",
             (*LABOUR_BEKISTING_BERAT, ("B-0014", "0.040"), ("B-0019", "0.400"), ("B-0020", "0.200"),
              ("B-0015", "0.015"), ("B-0017", "0.350"), ("B-0018", "2.000"))),
            ("3.3.4", "Pemasangan 1 m2 bekisting untuk balok", "m2",
             (*LABOUR_BEKISTING_BERAT, ("B-0014", "0.040"), ("B-0019", "0.400"), ("B-0020", "0.200"),
              ("B-0015", "0.018"), ("B-0017", "0.350"), ("B-0018", "2.000"))),
            ("3.3.5", "Pemasangan 1 m2 bekisting untuk pelat lantai", "m2",
             (*LABOUR_BEKISTING_BERAT, ("B-0014", "0.040"), ("B-0019", "0.400"), ("B-0020", "0.200"),
              ("B-0015", "0.015"), ("B-0017", "0.350"), ("B-0018", "6.000"))),
        ]),
    ]),
    ("Pekerjaan Dinding", [
        ("Pasangan Dinding", [
            ("4.1.1", "Pemasangan 1 m2 dinding bata merah tebal 1/2 batu campuran 1 SP : 4 PP", "m2",
             (("TK-0001", "0.300"), ("TK-0002", "0.100"), ("TK-0008", "0.010"), ("TK-0009", "0.015"),
              ("B-0008", "70.000"), ("B-0001", "11.500"), ("B-0002", "0.043"))),
            ("4.1.2", "Pemasangan 1 m2 dinding bata merah tebal 1/2 batu campuran 1 SP : 2 PP (trasram)", "m2",
             (("TK-0001", "0.300"), ("TK-0002", "0.100"), ("TK-0008", "0.010"), ("TK-0009", "0.015"),
              ("B-0008", "70.000"), ("B-0001", "18.950"), ("B-0002", "0.038"))),
            ("4.1.3", "Pemasangan 1 m2 dinding bata ringan tebal 10 cm dengan perekat instan", "m2",
             (("TK-0001", "0.200"), ("TK-0002", "0.100"), ("TK-0008", "0.010"), ("TK-0009", "0.010"),
              ("B-0009", "0.105"), ("B-0010", "4.000"))),
        ]),
        ("Plesteran dan Acian", [
            ("4.2.1", "Pemasangan 1 m2 plesteran tebal 15 mm campuran 1 SP : 4 PP", "m2",
             (("TK-0001", "0.300"), ("TK-0002", "0.150"), ("TK-0008", "0.015"), ("TK-0009", "0.015"),
              ("B-0001", "6.240"), ("B-0002", "0.024"))),
            ("4.2.2", "Pemasangan 1 m2 plesteran tebal 15 mm campuran 1 SP : 2 PP (kedap air)", "m2",
             (("TK-0001", "0.300"), ("TK-0002", "0.150"), ("TK-0008", "0.015"), ("TK-0009", "0.015"),
              ("B-0001", "10.224"), ("B-0002", "0.020"))),
            ("4.2.3", "Pemasangan 1 m2 acian dinding", "m2",
             (("TK-0001", "0.200"), ("TK-0002", "0.100"), ("TK-0008", "0.010"), ("TK-0009", "0.010"),
              ("B-0001", "3.250"))),
        ]),
    ]),
    ("Pekerjaan Atap dan Plafon", [
        ("Rangka dan Penutup Atap", [
            ("5.1.1", "Pemasangan 1 m2 rangka atap baja ringan (kanal C 75 dan reng 30)", "m2",
             (("TK-0001", "0.080"), ("TK-0004", "0.120"), ("TK-0008", "0.012"), ("TK-0009", "0.004"),
              ("B-0031", "3.200"), ("B-0032", "2.600"), ("B-0033", "22.000"), ("B-0034", "0.150"),
              ("PR-0006", "0.020"), ("PR-0007", "0.020"))),
            ("5.1.2", "Pemasangan 1 m2 penutup atap genteng beton flat", "m2",
             (("TK-0001", "0.150"), ("TK-0003", "0.075"), ("TK-0008", "0.0075"), ("TK-0009", "0.0075"),
              ("B-0035", "10.500"))),
            ("5.1.3", "Pemasangan 1 m' bubungan genteng beton", "m'",
             (("TK-0001", "0.300"), ("TK-0002", "0.150"), ("TK-0008", "0.015"), ("TK-0009", "0.015"),
              ("B-0036", "3.500"), ("B-0001", "5.500"), ("B-0002", "0.015"))),
            ("5.1.4", "Pemasangan 1 m' listplank fiber cement lebar 20 cm", "m'",
             (("TK-0001", "0.050"), ("TK-0003", "0.100"), ("TK-0008", "0.010"), ("TK-0009", "0.003"),
              ("B-0037", "1.050"), ("B-0033", "6.000"), ("PR-0006", "0.010"))),
        ]),
        ("Plafon", [
            ("5.2.1", "Pemasangan 1 m2 plafon gypsum board 9 mm rangka hollow galvalum", "m2",
             (("TK-0001", "0.100"), ("TK-0003", "0.150"), ("TK-0008", "0.015"), ("TK-0009", "0.005"),
              ("B-0038", "0.364"), ("B-0040", "1.500"), ("B-0041", "2.600"), ("B-0042", "20.000"),
              ("B-0043", "0.300"))),
            ("5.2.2", "Pemasangan 1 m2 plafon GRC 4 mm rangka hollow galvalum", "m2",
             (("TK-0001", "0.100"), ("TK-0003", "0.150"), ("TK-0008", "0.015"), ("TK-0009", "0.005"),
              ("B-0039", "0.364"), ("B-0040", "1.500"), ("B-0041", "2.600"), ("B-0042", "20.000"))),
        ]),
    ]),
    ("Pekerjaan Lantai dan Dinding Keramik", [
        ("Lantai", [
            ("6.1.1", "Pemasangan 1 m2 lantai keramik 40 x 40 cm", "m2",
             (*LABOUR_KERAMIK, ("B-0044", "6.630"), ("B-0001", "10.000"), ("B-0002", "0.045"),
              ("B-0049", "1.620"))),
            ("6.1.2", "Pemasangan 1 m2 lantai granit tile 60 x 60 cm", "m2",
             (*LABOUR_KERAMIK, ("B-0045", "2.890"), ("B-0001", "10.000"), ("B-0002", "0.045"),
              ("B-0049", "1.300"), ("PR-0005", "0.050"))),
            ("6.1.3", "Pemasangan 1 m2 lantai keramik 20 x 20 cm anti slip", "m2",
             (*LABOUR_KERAMIK, ("B-0046", "26.250"), ("B-0001", "10.400"), ("B-0002", "0.045"),
              ("B-0049", "1.940"))),
            ("6.1.4", "Pemasangan 1 m' plint keramik 10 x 40 cm", "m'",
             (("TK-0001", "0.090"), ("TK-0002", "0.090"), ("TK-0008", "0.009"), ("TK-0009", "0.003"),
              ("B-0048", "2.600"), ("B-0001", "0.610"), ("B-0002", "0.003"), ("B-0049", "0.050"))),
        ]),
        ("Dinding Keramik", [
            ("6.2.1", "Pemasangan 1 m2 dinding keramik 20 x 40 cm", "m2",
             (("TK-0001", "0.900"), ("TK-0002", "0.450"), ("TK-0008", "0.045"), ("TK-0009", "0.045"),
              ("B-0047", "13.130"), ("B-0001", "9.300"), ("B-0002", "0.018"), ("B-0049", "1.200"),
              ("PR-0005", "0.040"))),
        ]),
    ]),
    ("Pekerjaan Kusen, Pintu dan Jendela", [
        ("Kusen", [
            ("7.1.1", "Pembuatan dan pemasangan 1 m3 kusen pintu dan jendela kayu kamper", "m3",
             (("TK-0001", "6.000"), ("TK-0003", "18.000"), ("TK-0008", "1.800"), ("TK-0009", "0.300"),
              ("B-0016", "1.200"), ("B-0019", "1.250"), ("B-0021", "1.000"))),
            ("7.1.2", "Pemasangan 1 m' kusen aluminium 4 inci powder coating", "m'",
             (("TK-0001", "0.050"), ("TK-0003", "0.150"), ("TK-0008", "0.015"), ("TK-0009", "0.005"),
              ("B-0050", "1.050"), ("B-0051", "0.100"), ("B-0052", "2.000"), ("PR-0006", "0.020"))),
        ]),
        ("Daun Pintu dan Jendela", [
            ("7.2.1", "Pembuatan dan pemasangan 1 m2 daun pintu panel kayu kamper", "m2",
             (("TK-0001", "1.000"), ("TK-0003", "3.000"), ("TK-0008", "0.300"), ("TK-0009", "0.050"),
              ("B-0016", "0.040"), ("B-0021", "0.500"), ("B-0019", "0.100"))),
            ("7.2.2", "Pemasangan 1 unit pintu PVC kamar mandi lengkap kusen", "unit",
             (("TK-0001", "0.300"), ("TK-0003", "0.600"), ("TK-0008", "0.060"), ("TK-0009", "0.015"),
              ("B-0053", "1.000"), ("B-0051", "0.250"), ("B-0052", "6.000"))),
            ("7.2.3", "Pembuatan dan pemasangan 1 m2 daun jendela kayu kamper rangka kaca", "m2",
             (("TK-0001", "0.800"), ("TK-0003", "2.400"), ("TK-0008", "0.240"), ("TK-0009", "0.040"),
              ("B-0016", "0.036"), ("B-0021", "0.500"), ("B-0019", "0.100"))),
            ("7.2.4", "Pemasangan 1 m2 kaca polos tebal 5 mm", "m2",
             (("TK-0001", "0.015"), ("TK-0003", "0.150"), ("TK-0008", "0.015"), ("TK-0009", "0.0008"),
              ("B-0054", "1.100"), ("B-0051", "0.050"))),
        ]),
        ("Kunci dan Alat Penggantung", [
            ("7.3.1", "Pemasangan 1 buah kunci tanam 2 slag", "buah",
             (("TK-0001", "0.010"), ("TK-0003", "0.500"), ("TK-0008", "0.050"), ("TK-0009", "0.005"),
              ("B-0055", "1.000"))),
            ("7.3.2", "Pemasangan 1 buah engsel pintu 4 inci", "buah",
             (("TK-0001", "0.015"), ("TK-0003", "0.150"), ("TK-0008", "0.015"), ("TK-0009", "0.0008"),
              ("B-0056", "1.000"))),
        ]),
    ]),
    ("Pekerjaan Instalasi Listrik", [
        ("Instalasi Penerangan dan Daya", [
            ("8.1.1", "Pemasangan 1 titik instalasi lampu (kabel NYM 2 x 1,5 mm² dalam pipa conduit)", "titik",
             (*LABOUR_LISTRIK, ("B-0057", "10.000"), ("B-0059", "8.000"), ("B-0060", "1.000"),
              ("B-0061", "1.000"), ("B-0062", "0.500"))),
            ("8.1.2", "Pemasangan 1 titik instalasi stop kontak (kabel NYM 3 x 2,5 mm² dalam pipa conduit)",
             "titik",
             (*LABOUR_LISTRIK, ("B-0058", "10.000"), ("B-0059", "8.000"), ("B-0060", "1.000"),
              ("B-0063", "1.000"))),
            ("8.1.3", "Pemasangan 1 unit panel MCB 4 grup lengkap", "unit",
             (("TK-0001", "0.500"), ("TK-0006", "1.000"), ("TK-0008", "0.100"), ("TK-0009", "0.025"),
              ("B-0064", "1.000"), ("B-0065", "4.000"), ("B-0058", "5.000"))),
        ]),
    ]),
    ("Pekerjaan Instalasi Air dan Sanitair", [
        ("Perpipaan", [
            ("9.1.1", "Pemasangan 1 m' pipa PVC AW Ø 3/4 inci", "m'",
             (("TK-0001", "0.036"), ("TK-0007", "0.060"), ("TK-0008", "0.006"), ("TK-0009", "0.0018"),
              ("B-0066", "1.200"), ("B-0068", "0.400"), ("B-0069", "0.002"))),
            ("9.1.2", "Pemasangan 1 m' pipa PVC D Ø 3 inci", "m'",
             (("TK-0001", "0.054"), ("TK-0007", "0.090"), ("TK-0008", "0.009"), ("TK-0009", "0.0027"),
              ("B-0067", "1.200"), ("B-0068", "0.350"), ("B-0069", "0.010"))),
            ("9.1.3", "Pemasangan 1 unit tangki air polyethylene 1.050 liter lengkap dudukan", "unit",
             (("TK-0001", "1.000"), ("TK-0007", "1.000"), ("TK-0008", "0.100"), ("TK-0009", "0.050"),
              ("B-0070", "1.000"), ("B-0068", "4.000"), ("B-0073", "1.000"))),
        ]),
        ("Sanitair", [
            ("9.2.1", "Pemasangan 1 buah kloset duduk", "buah",
             (("TK-0001", "3.300"), ("TK-0002", "1.100"), ("TK-0008", "0.110"), ("TK-0009", "0.160"),
              ("B-0071", "1.000"), ("B-0001", "6.000"), ("B-0002", "0.010"), ("B-0051", "0.200"))),
            ("9.2.2", "Pemasangan 1 buah wastafel", "buah",
             (("TK-0001", "1.200"), ("TK-0007", "1.450"), ("TK-0008", "0.145"), ("TK-0009", "0.120"),
              ("B-0072", "1.000"), ("B-0068", "2.000"), ("B-0051", "0.100"))),
            ("9.2.3", "Pemasangan 1 buah kran air Ø 1/2 inci", "buah",
             (("TK-0001", "0.010"), ("TK-0007", "0.100"), ("TK-0008", "0.010"), ("TK-0009", "0.005"),
              ("B-0073", "1.000"), ("B-0074", "0.250"))),
            ("9.2.4", "Pemasangan 1 buah floor drain", "buah",
             (("TK-0001", "0.010"), ("TK-0007", "0.100"), ("TK-0008", "0.010"), ("TK-0009", "0.005"),
              ("B-0075", "1.000"), ("B-0001", "0.500"))),
        ]),
    ]),
    ("Pekerjaan Pengecatan", [
        ("Pengecatan Dinding", [
            ("10.1.1", "Pengecatan 1 m2 bidang tembok baru interior (1 lapis plamir, 1 lapis cat dasar, "
             "2 lapis cat penutup)", "m2",
             (*LABOUR_CAT, ("B-0023", "0.100"), ("B-0024", "0.100"), ("B-0025", "0.260"))),
            ("10.1.2", "Pengecatan 1 m2 bidang tembok eksterior (1 lapis cat dasar, 2 lapis cat penutup)", "m2",
             (*LABOUR_CAT, ("B-0024", "0.120"), ("B-0026", "0.300"))),
        ]),
        ("Pengecatan Kayu", [
            ("10.2.1", "Pengecatan 1 m2 bidang kayu baru (1 lapis dempul, 1 lapis cat dasar, 2 lapis cat penutup)",
             "m2",
             (("TK-0001", "0.070"), ("TK-0005", "0.063"), ("TK-0008", "0.0063"), ("TK-0009", "0.0025"),
              ("B-0027", "0.200"), ("B-0028", "0.150"), ("B-0029", "0.120"), ("B-0030", "0.170"))),
        ]),
    ]),
]

# --------------------------------------------------------------------------------------------------------------
# The demo project
# --------------------------------------------------------------------------------------------------------------
PROJECT: dict[str, Any] = {
    "nama": "Rumah Tinggal 2 Lantai",
    "kode": "DEMO-2026-001",
    "deskripsi": "Pembangunan rumah tinggal dua lantai dengan luas bangunan 192 m² di atas lahan 280 m²: "
                 "struktur beton bertulang, dinding bata merah dan bata ringan, rangka atap baja ringan "
                 "dengan penutup genteng beton.",
    "kategori": "Rumah Tinggal",
    "lokasi": "Jl. Melati No. 12, Sleman, D.I. Yogyakarta",
    "sumber_dana": "Dana Pribadi",
    "anggaran_owner": "1050000000.00",
    "ket_project1": "Pembangunan baru rumah tinggal tipe 192",
    "ket_project2": "Luas lahan 280 m², luas bangunan 192 m² (2 lantai)",
    "nama_client": "Hendra Wicaksono",
    "jabatan_client": "Pemilik Proyek",
    "instansi_client": "Perseorangan",
    "nama_kontraktor": "Ir. Bambang Sutrisno",
    "instansi_kontraktor": "CV Karya Mandiri Sejahtera",
    "nama_konsultan_perencana": "Dian Puspitasari, S.T., M.T.",
    "instansi_konsultan_perencana": "Studio Arsitektur Griya Lestari",
    "nama_konsultan_pengawas": "Agus Santoso, S.T.",
    "instansi_konsultan_pengawas": "CV Cipta Rekayasa Konsultan",
    "tanggal_mulai": "2026-09-07",
    "tanggal_selesai": "2027-03-26",
    "week_start_day": 0,
}
PRICING: dict[str, Any] = {"markup_percent": "10.00", "ppn_percent": "11.00", "rounding_base": 10000}

# (name, value, label, unit)
PARAMETERS: list[tuple[str, str, str, str]] = [
    ("panjang_lahan", "20", "Panjang lahan", "m"),
    ("lebar_lahan", "14", "Lebar lahan (muka jalan)", "m"),
    ("panjang_bangunan", "12", "Panjang bangunan", "m"),
    ("lebar_bangunan", "8", "Lebar bangunan", "m"),
    ("keliling_bangunan", "40", "Keliling bangunan", "m"),
    ("panjang_dinding_dalam", "34", "Panjang dinding dalam per lantai", "m"),
    ("tinggi_lantai", "3.5", "Tinggi lantai ke lantai", "m"),
    ("jumlah_lantai", "2", "Jumlah lantai", "lantai"),
    ("jumlah_kolom", "12", "Jumlah kolom struktur", "buah"),
    ("lebar_galian", "0.8", "Lebar galian pondasi menerus", "m"),
    ("dalam_galian", "0.9", "Kedalaman galian pondasi menerus", "m"),
    ("tinggi_peil", "0.3", "Tinggi peninggian lantai dasar", "m"),
    ("luas_bukaan_lantai1", "24", "Luas pintu dan jendela lantai 1", "m2"),
    ("luas_bukaan_lantai2", "20", "Luas pintu dan jendela lantai 2", "m2"),
    ("luas_kamar_mandi", "9", "Luas lantai kamar mandi (2 ruang)", "m2"),
    ("luas_dinding_keramik", "42", "Luas dinding berlapis keramik", "m2"),
    ("luas_void_tangga", "6", "Luas void tangga", "m2"),
    ("faktor_luas_atap", "1.35", "Faktor luas atap (kemiringan dan overstek)", "-"),
    ("lebar_pintu_pagar", "3", "Lebar pintu pagar depan", "m"),
]

# Wall area of one storey between sloof and balok (0.4 m of beam height deducted), reused in several formulas.
WALLS = "(keliling_bangunan+panjang_dinding_dalam)*(tinggi_lantai-0.4)"


@dataclass(frozen=True)
class Ref:
    """A work item cloned from the sample library as it is."""

    kode: str
    qty: str  # volume, or a formula starting with "="


@dataclass(frozen=True)
class Mod:
    """A work item cloned from the library and then edited: changed or added rows (kode_item -> koefisien)."""

    kode: str  # "mod.{n}-{kode_ahsp}"
    qty: str
    changes: dict[str, str]
    uraian: str | None = None


@dataclass(frozen=True)
class Custom:
    """A user-defined work item. A row is (kode_item, koef), ("job", key, koef) or ("ahsp", kode, koef)."""

    kode: str
    uraian: str
    satuan: str
    qty: str
    rows: tuple[tuple[str, ...], ...]
    markup: str | None = None


Item = Ref | Mod | Custom

TREE: list[tuple[str, list[tuple[str, list[Item]]]]] = [
    ("Pekerjaan Persiapan", [
        ("Persiapan Lapangan", [
            Ref("1.1.1", "=panjang_lahan*lebar_lahan"),
            Ref("1.1.2", "=2*((panjang_bangunan+2)+(lebar_bangunan+2))"),
            Ref("1.1.3", "=panjang_lahan+lebar_lahan"),
        ]),
        ("Fasilitas Sementara dan Mobilisasi", [
            Ref("1.2.1", "12"),
            Ref("1.2.2", "1"),
            Ref("1.2.3", "1"),
            Custom("CUST-0001", "Penyediaan air kerja dan listrik kerja selama pelaksanaan", "ls", "1",
                   (("B-0078", "1"), ("B-0079", "7"), ("TK-0001", "2"), ("TK-0006", "1"), ("TK-0007", "1"))),
        ]),
    ]),
    ("Pekerjaan Tanah dan Pondasi", [
        ("Galian dan Urugan", [
            Ref("2.1.1", "=(keliling_bangunan+panjang_dinding_dalam)*lebar_galian*dalam_galian"),
            Ref("2.1.2", "=(keliling_bangunan+panjang_dinding_dalam)*lebar_galian*dalam_galian/3"),
            Ref("2.2.1", "=(panjang_bangunan*lebar_bangunan+(keliling_bangunan+panjang_dinding_dalam)"
                         "*lebar_galian)*0.05"),
            Mod("mod.1-2.2.2", "=panjang_bangunan*lebar_bangunan*tinggi_peil",
                {"TK-0001": "0.400", "PR-0002": "0.080"},
                "Urugan 1 m3 tanah peninggian lantai dipadatkan per lapis 20 cm dengan stamper"),
        ]),
        ("Pondasi", [
            Ref("2.3.1", "=(keliling_bangunan+panjang_dinding_dalam)*lebar_galian*0.15"),
            Ref("2.3.2", "=(keliling_bangunan+panjang_dinding_dalam)*(0.3+0.7)/2*0.6"),
            Custom("CUST-0002", "Pondasi telapak (footplat) beton bertulang 80 x 80 x 25 cm lengkap galian dan "
                   "urugan kembali", "buah", "=jumlah_kolom",
                   (("job", "2.1.1", "1.728"), ("ahsp", "3.1.1", "0.032"), ("ahsp", "3.3.1", "0.800"),
                    ("ahsp", "3.1.3", "0.160"), ("job", "3.2.1", "12.500"), ("job", "2.1.2", "1.400"))),
        ]),
    ]),
    ("Pekerjaan Struktur Beton", [
        ("Sloof dan Kolom", [
            Custom("CUST-0003", "Sloof beton bertulang 20/30 cm (beton K-225, tulangan 4 D13, sengkang Ø8-150)",
                   "m'", "=keliling_bangunan+panjang_dinding_dalam",
                   (("ahsp", "3.1.3", "0.060"), ("job", "3.2.1", "7.200"), ("ahsp", "3.3.2", "0.600"))),
            Custom("CUST-0004", "Kolom beton bertulang 25/25 cm (beton K-225, tulangan 4 D16, sengkang Ø8-150)",
                   "m'", "=jumlah_kolom*(tinggi_lantai*jumlah_lantai+1)",
                   (("ahsp", "3.1.3", "0.0625"), ("job", "3.2.1", "9.000"), ("ahsp", "3.3.3", "1.000"))),
            Custom("CUST-0005", "Kolom praktis beton bertulang 13/13 cm (beton K-175, tulangan 4 Ø10)", "m'",
                   "120", (("ahsp", "3.1.2", "0.0169"), ("job", "3.2.1", "3.100"), ("ahsp", "3.3.3", "0.520"))),
        ]),
        ("Balok, Pelat Lantai dan Tangga", [
            Mod("mod.2-3.1.3", "19.4", {"TK-0001": "1.800", "PR-0004": "0.250"},
                "Pembuatan 1 m3 beton mutu K-225 (fc' 19,3 MPa) untuk balok, pelat lantai dan tangga, "
                "dipadatkan dengan vibrator"),
            Ref("3.2.1", "2420"),
            Ref("3.3.4", "87.8"),
            Mod("mod.3-3.3.5", "=panjang_bangunan*lebar_bangunan-luas_void_tangga",
                {"B-0018": "1.000", "PR-0008": "0.350"},
                "Pemasangan 1 m2 bekisting untuk pelat lantai dengan perancah scaffolding"),
        ]),
    ]),
    ("Pekerjaan Dinding, Plesteran dan Pengecatan", [
        ("Pasangan Dinding dan Pagar", [
            Ref("4.1.1", f"={WALLS}-luas_bukaan_lantai1"),
            Ref("4.1.2", "32.5"),
            Ref("4.1.3", f"={WALLS}-luas_bukaan_lantai2"),
            Custom("CUST-0006", "Dinding bata merah 1/2 batu diplester dan diaci dua muka", "m2",
                   "=lebar_lahan*1.8",
                   (("job", "4.1.1", "1.000"), ("job", "4.2.1", "2.000"), ("job", "4.2.3", "2.000"))),
            Custom("CUST-0007", "Pagar depan pasangan bata tinggi 1,5 m lengkap pondasi, sloof dan kolom praktis",
                   "m'", "=lebar_lahan-lebar_pintu_pagar",
                   (("job", "2.1.1", "0.360"), ("job", "2.3.2", "0.180"), ("job", "CUST-0003", "1.000"),
                    ("job", "CUST-0005", "0.600"), ("job", "CUST-0006", "1.500"))),
        ]),
        ("Plesteran dan Acian", [
            Ref("4.2.1", f"=2*({WALLS}*jumlah_lantai-luas_bukaan_lantai1-luas_bukaan_lantai2)"),
            Ref("4.2.2", "65"),
            Ref("4.2.3", f"=2*({WALLS}*jumlah_lantai-luas_bukaan_lantai1-luas_bukaan_lantai2)"
                         "-luas_dinding_keramik"),
        ]),
        ("Pengecatan", [
            Ref("10.1.1", "760"),
            Mod("mod.4-10.1.2", "=keliling_bangunan*tinggi_lantai*jumlah_lantai-luas_bukaan_lantai1"
                                "-luas_bukaan_lantai2",
                {"B-0026": "0.450", "PR-0008": "0.020"},
                "Pengecatan 1 m2 bidang tembok eksterior (1 lapis cat dasar, 3 lapis cat penutup weathershield)"),
            Ref("10.2.1", "78"),
        ]),
    ]),
    ("Pekerjaan Atap dan Plafon", [
        ("Rangka dan Penutup Atap", [
            Ref("5.1.1", "=panjang_bangunan*lebar_bangunan*faktor_luas_atap"),
            Ref("5.1.2", "=panjang_bangunan*lebar_bangunan*faktor_luas_atap"),
            Ref("5.1.3", "16"),
            Ref("5.1.4", "45"),
        ]),
        ("Plafon", [
            Ref("5.2.1", "=panjang_bangunan*lebar_bangunan*jumlah_lantai-luas_void_tangga"),
            Ref("5.2.2", "18"),
        ]),
    ]),
    ("Pekerjaan Lantai dan Keramik", [
        ("Lantai", [
            Ref("3.1.1", "=panjang_bangunan*lebar_bangunan*0.05"),
            Ref("6.1.2", "=panjang_bangunan*lebar_bangunan-luas_kamar_mandi/2"),
            Ref("6.1.1", "=panjang_bangunan*lebar_bangunan-luas_kamar_mandi/2-luas_void_tangga"),
            Ref("6.1.3", "=luas_kamar_mandi"),
            Ref("6.1.4", "120"),
            Ref("3.1.2", "2.16"),
        ]),
        ("Dinding Keramik Kamar Mandi", [
            Ref("6.2.1", "=luas_dinding_keramik"),
        ]),
    ]),
    ("Pekerjaan Kusen, Pintu dan Jendela", [
        ("Kusen", [
            Ref("7.1.1", "0.85"),
            Ref("7.1.2", "64"),
        ]),
        ("Daun Pintu dan Jendela", [
            Ref("7.2.1", "10.5"),
            Ref("7.2.2", "2"),
            Ref("7.2.3", "9.6"),
            Ref("7.2.4", "18"),
        ]),
        ("Kunci dan Alat Penggantung", [
            Ref("7.3.1", "6"),
            Ref("7.3.2", "34"),
        ]),
    ]),
    ("Pekerjaan Instalasi Listrik dan Air", [
        ("Instalasi Listrik", [
            Ref("8.1.1", "32"),
            Ref("8.1.2", "20"),
            Ref("8.1.3", "1"),
            # The PLN connection fee is passed on to the owner at cost, hence no markup.
            Custom("CUST-0008", "Penyambungan daya listrik PLN 4.400 VA", "ls", "1",
                   (("B-0080", "1"), ("TK-0006", "0.500")), markup="0.00"),
        ]),
        ("Instalasi Air Bersih dan Air Kotor", [
            Ref("9.1.1", "48"),
            Mod("mod.5-9.1.2", "36", {"B-0068": "0.600", "B-0052": "1.000"},
                "Pemasangan 1 m' pipa PVC D Ø 3 inci untuk air kotor termasuk klem penggantung"),
            Ref("9.1.3", "1"),
            Custom("CUST-0009", "Septic tank biofilter fabrikasi 1,2 m³ lengkap galian dan pemasangan", "unit",
                   "1", (("B-0077", "1"), ("job", "2.1.1", "3.500"), ("job", "2.2.1", "0.400"),
                         ("B-0067", "3"), ("B-0068", "4"), ("TK-0001", "2"), ("TK-0007", "1"),
                         ("TK-0009", "0.100"))),
        ]),
        ("Sanitair", [
            Custom("CUST-0010", "Paket sanitair kamar mandi (kloset duduk, wastafel, 2 kran air, floor drain dan "
                   "shower)", "unit", "2",
                   (("ahsp", "9.2.1", "1"), ("ahsp", "9.2.2", "1"), ("ahsp", "9.2.3", "2"),
                    ("ahsp", "9.2.4", "1"), ("B-0076", "1"), ("TK-0007", "0.250"))),
            Ref("9.2.3", "3"),
        ]),
    ]),
]

# Weekly plan per work item: (first week, last week or None = the project's last week, shape).
# Shapes: "ramp" rises to the middle and falls again, "flat" is even, "ends" puts 60 % in the first week
# and 40 % in the last (mobilisation and demobilisation).
PLAN: dict[str, tuple[int, int | None, str]] = {
    "1.1.1": (1, 1, "ramp"), "1.1.2": (1, 2, "ramp"), "1.1.3": (1, 1, "ramp"),
    "1.2.1": (1, 2, "ramp"), "1.2.2": (1, 1, "ramp"), "1.2.3": (1, None, "ends"), "CUST-0001": (1, None, "flat"),
    "2.1.1": (2, 4, "ramp"), "2.1.2": (5, 6, "ramp"), "2.2.1": (3, 5, "ramp"), "mod.1-2.2.2": (6, 7, "ramp"),
    "2.3.1": (3, 4, "ramp"), "2.3.2": (3, 5, "ramp"), "CUST-0002": (2, 4, "ramp"),
    "CUST-0003": (4, 6, "ramp"), "CUST-0004": (5, 11, "ramp"), "CUST-0005": (8, 16, "ramp"),
    "mod.2-3.1.3": (8, 14, "ramp"), "3.2.1": (7, 14, "ramp"), "3.3.4": (7, 13, "ramp"),
    "mod.3-3.3.5": (8, 10, "ramp"),
    "4.1.1": (7, 11, "ramp"), "4.1.2": (6, 8, "ramp"), "4.1.3": (11, 15, "ramp"), "CUST-0006": (17, 19, "ramp"),
    "CUST-0007": (20, 23, "ramp"), "4.2.1": (11, 20, "ramp"), "4.2.2": (8, 11, "ramp"), "4.2.3": (14, 22, "ramp"),
    "10.1.1": (23, 28, "ramp"), "mod.4-10.1.2": (23, 27, "ramp"), "10.2.1": (24, 28, "ramp"),
    "5.1.1": (15, 16, "ramp"), "5.1.2": (16, 18, "ramp"), "5.1.3": (18, 18, "ramp"), "5.1.4": (17, 18, "ramp"),
    "5.2.1": (18, 22, "ramp"), "5.2.2": (20, 21, "ramp"),
    "3.1.1": (8, 9, "ramp"), "6.1.2": (20, 23, "ramp"), "6.1.1": (21, 24, "ramp"), "6.1.3": (19, 20, "ramp"),
    "6.1.4": (24, 25, "ramp"), "3.1.2": (25, 26, "ramp"), "6.2.1": (19, 21, "ramp"),
    "7.1.1": (7, 11, "ramp"), "7.1.2": (13, 16, "ramp"), "7.2.1": (22, 25, "ramp"), "7.2.2": (25, 25, "ramp"),
    "7.2.3": (21, 23, "ramp"), "7.2.4": (23, 24, "ramp"), "7.3.1": (25, 26, "ramp"), "7.3.2": (22, 25, "ramp"),
    "8.1.1": (9, 22, "ramp"), "8.1.2": (9, 22, "ramp"), "8.1.3": (22, 22, "ramp"), "CUST-0008": (26, 27, "ramp"),
    "9.1.1": (6, 20, "ramp"), "mod.5-9.1.2": (5, 10, "ramp"), "9.1.3": (24, 24, "ramp"),
    "CUST-0009": (5, 6, "ramp"), "CUST-0010": (26, 27, "ramp"), "9.2.3": (27, 27, "ramp"),
}

# Status at STATUS_WEEK: (lag in weeks, achievement factor). Actual cumulative % in week w equals
# min(100, factor x planned cumulative % in week w - lag). A positive lag is late, a negative one early.
# Items not listed ran exactly to plan.
STATUS: dict[str, tuple[int, str]] = {
    "1.1.2": (1, "1.00"), "1.2.1": (1, "1.00"), "2.2.1": (1, "1.00"), "2.3.2": (1, "0.97"),
    "mod.1-2.2.2": (1, "1.00"), "CUST-0003": (1, "1.00"), "CUST-0009": (2, "1.00"), "mod.5-9.1.2": (0, "0.90"),
    "CUST-0004": (1, "0.95"), "CUST-0005": (1, "0.90"), "mod.2-3.1.3": (1, "1.00"), "3.2.1": (0, "0.90"),
    "3.3.4": (0, "0.95"), "mod.3-3.3.5": (1, "1.00"), "4.1.1": (0, "0.92"), "4.1.3": (-1, "1.00"),
    "4.2.1": (1, "1.00"), "4.2.2": (0, "1.10"), "7.1.1": (-1, "1.00"), "9.1.1": (-1, "1.05"),
    "8.1.1": (0, "0.80"), "8.1.2": (0, "0.80"),
}

# Actual costs booked for a few (work item, week) rows, from the site's cost reports.
ACTUAL_COSTS: dict[tuple[str, int], str] = {
    ("2.1.1", 3): "2350000.00",
    ("CUST-0002", 3): "5150000.00",
    ("CUST-0003", 6): "13400000.00",
    ("mod.3-3.3.5", 10): "19650000.00",
    ("4.1.1", 10): "5900000.00",
}


# --------------------------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------------------------
def dec(value: str, places: int) -> str:
    """A plain decimal string with exactly ``places`` decimals (HALF_UP)."""
    return str(Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def evaluate(formula: str, params: dict[str, Decimal]) -> Decimal:
    """Evaluate a volume formula with + - * / and parentheses over Decimal (DOMAIN.md §1.4 subset)."""
    text = formula.removeprefix("=").replace(" ", "")
    tokens = re.findall(r"\d+(?:\.\d+)?|[A-Za-z_]\w*|[-+*/()]", text)
    if "".join(tokens) != text:
        raise ValueError(f"unsupported formula: {formula}")
    pos = 0

    def take() -> str:
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def peek() -> str | None:
        return tokens[pos] if pos < len(tokens) else None

    def atom() -> Decimal:
        token = take()
        if token == "(":
            value = expr()
            if take() != ")":
                raise ValueError(f"missing ')' in {formula}")
            return value
        return Decimal(token) if token[0].isdigit() else params[token.lower()]

    def term() -> Decimal:
        value = atom()
        while peek() in ("*", "/"):
            value = value * atom() if take() == "*" else value / atom()
        return value

    def expr() -> Decimal:
        value = term()
        while peek() in ("+", "-"):
            value = value + term() if take() == "+" else value - term()
        return value

    result = expr()
    if pos != len(tokens):
        raise ValueError(f"trailing tokens in {formula}")
    return max(result, Decimal(0))


def library_index() -> dict[str, dict[str, Any]]:
    """The library as kode_ahsp -> AHSP entry, in library order."""
    index: dict[str, dict[str, Any]] = {}
    for klasifikasi, subs in LIBRARY:
        for sub, entries in subs:
            for kode, nama, satuan, rincian in entries:
                index[kode] = {
                    "kode_ahsp": kode, "nama_ahsp": nama, "satuan": satuan,
                    "klasifikasi": klasifikasi, "sub_klasifikasi": sub,
                    "rincian": [rincian_row(kode_item, koef) for kode_item, koef in rincian],
                }
    return index


def rincian_row(kode_item: str, koef: str) -> dict[str, str]:
    kategori, uraian, satuan, _ = RESOURCES[kode_item]
    return {"kategori": kategori, "kode_item": kode_item, "uraian_item": uraian, "satuan_item": satuan,
            "koefisien": dec(koef, 6)}


def library_document() -> dict[str, Any]:
    return {"format": "ahsp-reference", "format_version": 1, "sumber": SUMBER,
            "ahsp": list(library_index().values())}


def detail_row(kategori: str, kode: str, uraian: str, satuan: str, koef: str,
               bundle: dict[str, str] | None = None) -> dict[str, Any]:
    return {"kategori": kategori, "kode": kode, "uraian": uraian, "satuan": satuan, "koefisien": dec(koef, 6),
            "bundle": bundle}


def resource_row(kode_item: str, koef: str) -> dict[str, Any]:
    kategori, uraian, satuan, _ = RESOURCES[kode_item]
    return detail_row(kategori, kode_item, uraian, satuan, koef)


def cloned_rows(entry: dict[str, Any], changes: dict[str, str]) -> list[dict[str, Any]]:
    """The library rincian as detail rows, with changed coefficients applied and new rows appended."""
    rows = [detail_row(r["kategori"], r["kode_item"], r["uraian_item"], r["satuan_item"],
                       changes.get(r["kode_item"], r["koefisien"])) for r in entry["rincian"]]
    present = {r["kode_item"] for r in entry["rincian"]}
    rows += [resource_row(kode, koef) for kode, koef in changes.items() if kode not in present]
    return rows


@dataclass
class Builder:
    """Collects work items in document order and resolves bundle rows against them."""

    library: dict[str, dict[str, Any]]
    params: dict[str, Decimal]
    items: dict[str, dict[str, Any]] = field(default_factory=dict)

    def work_item(self, spec: Item) -> dict[str, Any]:
        if isinstance(spec, Custom):
            source, ref, uraian, satuan, detail = "custom", None, spec.uraian, spec.satuan, []
        else:
            ref = spec.kode if isinstance(spec, Ref) else spec.kode.split("-", 1)[1]
            entry = self.library[ref]
            uraian, satuan = entry["nama_ahsp"], entry["satuan"]
            if isinstance(spec, Mod):
                source, uraian, detail = "ref_modified", spec.uraian or uraian, cloned_rows(entry, spec.changes)
            else:
                source, detail = "ref", cloned_rows(entry, {})
        item: dict[str, Any] = {"key": spec.kode, "source_type": source, "ref_kode_ahsp": ref,
                                "kode": spec.kode, "uraian": uraian, "satuan": satuan}
        if spec.qty.startswith("="):
            item["volume"] = dec(str(evaluate(spec.qty, self.params)), 3)
            item["volume_formula"] = spec.qty
        else:
            item["volume"] = dec(spec.qty, 3)
        item["markup_override_percent"] = spec.markup if isinstance(spec, Custom) else None
        item["budgeted_cost"] = None
        item["detail"] = detail
        self.items[spec.kode] = item
        return item

    def resolve_custom_rows(self, spec: Custom) -> None:
        """Fill a custom item's detail; done after all items exist because bundles may point forward."""
        rows = self.items[spec.kode]["detail"]
        for row in spec.rows:
            if row[0] == "job":
                target = self.items[row[1]]
                rows.append(detail_row("LAIN", target["kode"], target["uraian"], target["satuan"], row[2],
                                       {"pekerjaan": target["key"]}))
            elif row[0] == "ahsp":
                entry = self.library[row[1]]
                rows.append(detail_row("LAIN", entry["kode_ahsp"], entry["nama_ahsp"], entry["satuan"], row[2],
                                       {"ahsp": entry["kode_ahsp"]}))
            else:
                rows.append(resource_row(row[0], row[1]))


def week_count(start: date, end: date, week_start_day: int) -> int:
    """Number of schedule weeks (DOMAIN.md §2.8): week 1 ends on the first week_end_day on or after the start."""
    week_end_day = (week_start_day + 6) % 7
    end_of_week1 = start + timedelta(days=(week_end_day - start.weekday()) % 7)
    if end <= end_of_week1:
        return 1
    return 1 + -(-(end - end_of_week1).days // 7)


def spread(weeks: list[int], weights: list[int]) -> dict[int, Decimal]:
    """Split 100.00 % over weeks in proportion to weights; leftover cents go to the heaviest weeks first."""
    total = sum(weights)
    values = [(HUNDRED * w / total).quantize(CENT, rounding=ROUND_DOWN) for w in weights]
    cents = int((HUNDRED - sum(values)) / CENT)
    for i in sorted(range(len(weights)), key=lambda i: -weights[i])[:cents]:
        values[i] += CENT
    return {week: value for week, value in zip(weeks, values, strict=True) if value > 0}


def planned(key: str, last_week: int) -> dict[int, Decimal]:
    first, last, shape = PLAN[key]
    last = last_week if last is None else last
    if not 1 <= first <= last <= last_week:
        raise ValueError(f"plan of {key} is outside weeks 1..{last_week}")
    if shape == "ends":
        return spread([first, last], [3, 2])
    weeks = list(range(first, last + 1))
    n = len(weeks)
    return spread(weeks, [1] * n if shape == "flat" else [min(i + 1, n - i) for i in range(n)])


def actual(key: str, plan: dict[int, Decimal]) -> dict[int, Decimal]:
    lag, factor = STATUS.get(key, (0, "1.00"))
    cumulative = [Decimal("0.00")]
    for week in range(1, STATUS_WEEK + 1):
        planned_cum = sum((v for w, v in plan.items() if w <= week - lag), Decimal(0))
        cumulative.append(min(HUNDRED, planned_cum * Decimal(factor)).quantize(CENT, rounding=ROUND_HALF_UP))
    return {week: cumulative[week] - cumulative[week - 1] for week in range(1, STATUS_WEEK + 1)}


def progress_rows(keys: list[str], last_week: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for key in keys:
        plan = planned(key, last_week)
        done = actual(key, plan)
        for week in range(1, last_week + 1):
            p, a = plan.get(week, Decimal("0.00")), done.get(week, Decimal("0.00"))
            if p == 0 and a == 0:
                if (key, week) in ACTUAL_COSTS:
                    raise ValueError(f"actual cost on a week without progress: {key} week {week}")
                continue
            rows.append({"pekerjaan": key, "week": week, "planned": str(p), "actual": str(a),
                         "actual_cost": ACTUAL_COSTS.get((key, week))})
    return rows


def harga_items(items: list[dict[str, Any]], reference: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every resource that a detail row or a referenced AHSP uses, ordered TK, BHN, ALT, then by code."""
    used = {row["kode"] for item in items for row in item["detail"] if row["bundle"] is None}
    used |= {row["kode_item"] for entry in reference for row in entry["rincian"]}
    order = {"TK": 0, "BHN": 1, "ALT": 2, "LAIN": 3}
    result = []
    for kode in sorted(used, key=lambda k: (order[RESOURCES[k][0]], k)):
        kategori, uraian, satuan, harga = RESOURCES[kode]
        entry: dict[str, Any] = {"kode": kode, "kategori": kategori, "uraian": uraian, "satuan": satuan,
                                 "harga_satuan": None if harga is None else dec(harga, 2)}
        if kode in CONVERSIONS:
            entry["conversion"] = CONVERSIONS[kode]
        result.append(entry)
    return result


def project_document() -> dict[str, Any]:
    library = library_index()
    params = {name: Decimal(value) for name, value, _, _ in PARAMETERS}
    builder = Builder(library, params)
    klasifikasi = [{"nama": nama, "sub_klasifikasi": [
        {"nama": sub, "pekerjaan": [builder.work_item(spec) for spec in specs]} for sub, specs in subs]}
        for nama, subs in TREE]
    specs = [spec for _, subs in TREE for _, sub_specs in subs for spec in sub_specs]
    for spec in specs:
        if isinstance(spec, Custom):
            builder.resolve_custom_rows(spec)
    items = list(builder.items.values())
    ahsp_targets = sorted({row["bundle"]["ahsp"] for item in items for row in item["detail"]
                           if row["bundle"] and "ahsp" in row["bundle"]},
                          key=lambda kode: list(library).index(kode))
    reference = [{"kode_ahsp": k, "nama_ahsp": library[k]["nama_ahsp"], "satuan": library[k]["satuan"],
                  "sumber": SUMBER, "rincian": library[k]["rincian"]} for k in ahsp_targets]
    start, end = date.fromisoformat(PROJECT["tanggal_mulai"]), date.fromisoformat(PROJECT["tanggal_selesai"])
    weeks = week_count(start, end, PROJECT["week_start_day"])
    if set(PLAN) != set(builder.items):
        raise ValueError(f"PLAN and work items differ: {sorted(set(PLAN) ^ set(builder.items))}")
    return {
        "format": "ahsp-project",
        "format_version": 1,
        "project": PROJECT,
        "pricing": PRICING,
        "parameters": [{"name": name, "value": dec(value, 3), "label": label, "unit": unit}
                       for name, value, label, unit in PARAMETERS],
        "harga_items": harga_items(items, reference),
        "reference_ahsp": reference,
        "klasifikasi": klasifikasi,
        "progress": progress_rows([item["key"] for item in items], weeks),
    }


def write_json(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    path.write_text(text, encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the demo project and the sample reference library.")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1],
                        help="the resources directory to write into (default: this repository's)")
    args = parser.parse_args(argv)
    write_json(args.root / "reference" / "sample_library.json", library_document())
    write_json(args.root / "demo" / "demo_project.ahsp.json", project_document())


if __name__ == "__main__":
    main()
