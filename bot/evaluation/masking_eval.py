"""``banso eval masking``: how much personal data the report masking hides, measured on labelled texts.

Three labelled sets of answer texts with planted personal data, each written
by someone who never saw the masking code (tests/eval/masking/):
- 「開発 1」 (dev, labelled.yml): for tuning;
- 「開発 2（一度目は盲検）」 (test, test.yml, another writer): measured blind
  once, now used for development too;
- 「開発 3（一度目は盲検）」 (third, third.yml, a third writer): measured blind
  once after the first round of tuning, now used for development too;
- 「開発 4（一度目は盲検）」 (fourth, fourth.yml, a fourth writer): measured blind
  once after tuning on the three sets before it, now used for development too;
- 「開発 5（一度目は盲検）」 (fifth, fifth.yml, a fifth writer, asked for more of each
  kind and for harder forms): measured blind once, now used for development too;
- 「開発 6（一度目は盲検）」 (sixth, sixth.yml, a sixth writer, the same brief as the
  fifth): measured blind once, now used for development too;
- 「盲検」 (seventh, seventh.yml, a seventh writer), 「盲検 2」 (eighth, eighth.yml,
  an eighth writer, asked for more landmark addresses, rural 字 forms and spoken digits)
  「盲検 3」 (ninth, ninth.yml, a ninth writer, written after the learned labeller was chosen)
  「盲検 4」 (tenth, tenth.yml, a tenth writer, written after four more training writers joined)
  「盲検 5」 (eleventh, eleventh.yml, an eleventh writer, written after two more joined)
  「盲検 6」 (twelfth, twelfth.yml, a twelfth writer, written when the CRF's threshold was lowered)
  「盲検 7」 (thirteenth, thirteenth.yml, a thirteenth writer, written when three more training writers joined)
  「盲検 8」 (fourteenth, fourteenth.yml, a fourteenth writer, written after the rules for numbers away from their label)
  「盲検 9」 (fifteenth, fifteenth.yml, a fifteenth writer: cities and suburbs of 首都圏・中部)
  「盲検 10」 (sixteenth, sixteenth.yml, a sixteenth writer: towns and villages of 北海道・東北・北陸 and 中国山地)
  「盲検 11」 (seventeenth, seventeenth.yml, a seventeenth writer: mountain and fishing towns of 東海・甲信・紀伊・四国,
  with residents of foreign origin)
  「盲検 12」 (eighteenth, eighteenth.yml, an eighteenth writer: housing estates, islands and villages of
  九州・沖縄・関西, with residents of foreign origin)
  「盲検 13」 (nineteenth, nineteenth.yml, a nineteenth writer: cities of 中部・近畿・中国, their housing estates
  and merged villages, CSV rows and LINE WORKS; measured with session 15's code and at the ends of 16 and 17)
  「盲検 14」 (twentieth, twentieth.yml, a twentieth writer: 北関東, the outer suburbs of 埼玉・千葉 and 南東北,
  with residents of foreign origin, OCR'd FAX text, Teams chats and quoted e-mail threads; measured before
  session 16 changed anything, at its end and at session 17's end)
  「盲検 15」 (twentyfirst, twentyfirst.yml, a twenty-first writer: 近畿 and 中国・四国, 京都の通り名, 文化住宅 and
  復興住宅, mountain settlements and islands known by 屋号, kintone records and speech-recognised voicemails;
  measured before session 17 changed anything and at its end)
  「盲検 16」 (twentysecond, twentysecond.yml, a twenty-second writer: 首都圏 and 甲信越, 都営・UR団地,
  アパート and マンション, 下町, residents of foreign origin, snow-country settlements, Teams chats, TSV rows and
  Markdown tables; measured before session 18 changed anything and at its end)
  and 「盲検 17」 (twentythird, twentythird.yml, a twenty-third writer: 北関東, 東北の太平洋側 and 中京圏, company
  and reconstruction housing, fishing ports and farming settlements known by 屋号, factory workers' families of
  foreign origin, dialect, FAX cover sheets and assessment sheets; measured before session 19 changed anything and
  twice at its end)
  and 「盲検 18」 (twentyfourth, twentyfourth.yml, a twenty-fourth writer: 政令指定都市 and their edges, 札幌's 条・丁目
  and 線・号, 文化住宅 and 長屋, slopes and estates' 号棟, 在日コリアン and families from Nepal, Myanmar and Sri
  Lanka, kintone and Google Forms records, SMS; measured before session 20 changed anything and twice at its end)
  and 「盲検 19」 (twentyfifth, twentyfifth.yml, a twenty-fifth writer: 近畿の中山間地, 垣内 and 在所, 屋号, 成年後見
  and 生活保護 records, care workers from abroad, OCR'd handwriting; written during session 20 and measured only
  with session 19's code and with session 20's final code)
  and 「盲検 20」 (twentysixth, twentysixth.yml, a twenty-sixth writer: 京都・奈良・滋賀, 通り名 and 路地, 東北の日本海側,
  屋号 and settlements of one surname, wives and trainees from abroad, ledgers copied by hand; written during
  session 21 and measured with session 20's code, once with session 21's first rules and with its final code)
  and 「盲検 21」 (twentyseventh, twentyseventh.yml, a twenty-seventh writer: 山陰, 紀伊半島 and the mountains of 飛騨,
  木曽 and 伊那, OCR'd FAX sheets, trainees and care workers from abroad; written during session 21 and measured only
  with session 20's code and with session 21's final code)
  and 「盲検 22」 (twentyeighth, twentyeighth.yml, a twenty-eighth writer: 四国 and the islands and coasts of 瀬戸内,
  terraced and mountain settlements, shipyard towns' company housing and dormitories, workers from the Philippines,
  Indonesia and Vietnam; written during session 22 and measured with session 21's code and with session 22's final
  code)
  and 「盲検 23」 (twentyninth, twentyninth.yml, a twenty-ninth writer: 北関東's settlements, spa towns, weaving towns
  and estates with residents from Brazil and Peru, and around 近畿 and 中部: 郡上・飛騨, 伊勢志摩's ama divers, 熊野,
  山陰 and 隠岐; written during session 23 and measured with session 22's code and with session 23's final code)
  and 「盲検 24」 (thirtieth, thirtieth.yml, a thirtieth writer: 九州北部's old coal-mining towns and their 炭住,
  北九州's hillside estates, 長崎's slopes and islands, 阿蘇 and 天草, and 東北北部's 地割, villages and fishing ports;
  residents from Nepal, Vietnam and the Philippines, 在日コリアン with two names, OCR'd memos and spoken numbers;
  written during session 24 and measured with session 23's code and with session 24's final code)
  and 「盲検 25」 (thirtyfirst, thirtyfirst.yml, a thirty-first writer: 近畿's 通り名 and 町家, 長屋 and 文化住宅, 神戸's
  hillside estates, 紀伊半島's villages, and 四国's islands and mountain settlements; residents who came back from
  China, from Brazil and Indonesia, 在日コリアン with two names, 関西弁 and 土佐弁; written during session 25 and
  measured with session 24's code and with session 25's final code)
  and 「盲検 26」 (thirtysecond, thirtysecond.yml, a thirty-second writer: 北海道's 条丁目 and 線・号, 炭鉱住宅 and 道営住宅,
  東北's 地割, 大字 and 復興公営住宅, 北陸's snowy settlements, 散居村 and fishing towns; residents from China, Vietnam,
  the Philippines and Russia, 東北弁 and 北海道弁; written during session 26 and measured with session 25's code and
  with session 26's final code)
  and 「盲検 27」 (thirtythird, thirtythird.yml, a thirty-third writer: 沖縄's 字 and 班, 門中 and islands, 奄美's シマ,
  鹿児島's and 宮崎's mountain settlements, and 東海's tea-growing hamlets, fishing towns, factory towns' company
  housing and prefectural estates; residents from Brazil, Peru, the Philippines, Vietnam and Nepal, ウチナーグチ,
  鹿児島弁 and 三河弁; written during session 27 and measured with session 26's code and with session 27's final
  code)
  and 「盲検 28」 (thirtyfourth, thirtyfourth.yml, a thirty-fourth writer: 山陰's 大字 and 小字, 隠岐, 瀬戸内's
  hillside towns and islands, 四国's mountain villages and beaches, 富山's 散居村, 能登's settlements and its
  temporary and disaster housing, 福井's snowy districts; 屋号 and nicknames, 広島弁, 土佐弁, 伊予弁, 出雲弁, 富山弁
  and 能登弁, residents from Vietnam, Indonesia and China; written during session 28 and measured with session 27's
  code and with session 28's final code)
  and 「盲検 29」 (thirtyfifth, thirtyfifth.yml, a thirty-fifth writer: 東京's 長屋 and 都営住宅, 多摩's estates, 横浜's
  and 川崎's hillside estates, 埼玉's and 千葉's suburbs and old villages, 北関東's 大字 and 字, 山梨's and 長野's
  mountain settlements; residents from China, Korea, the Philippines, Vietnam, Nepal and Brazil, 江戸弁, 茨城弁,
  甲州弁 and 信州弁; written late in session 28, after its changes, and measured with session 27's code and with
  session 28's final code)
  and 「盲検 30」 (thirtysixth, thirtysixth.yml, a thirty-sixth writer: 九州 and 沖縄 — 福岡's and 北九州's estates,
  筑豊's 炭住, 熊本's hill villages and its temporary and disaster housing, the islands of 鹿児島 and 長崎, 沖縄's 字,
  班 and 模合; 屋号, dialect in quoted speech, residents from the Philippines, Nepal and Brazil; written during
  session 29 and measured with session 28's code and with session 29's final code)
  and 「盲検 31」 (thirtyseventh, thirtyseventh.yml, a thirty-seventh writer: 北海道 and 東北 — 札幌's and 旭川's
  条丁目, farm roads' 線 and 号, mining towns' housing, the coast's hilltop relocation estates, 福島's evacuees,
  snowbound villages and their 町内会 and 班; residents from Korea, China and the Philippines; written during
  session 29 and measured with session 28's code and with session 29's final code)
  and 「盲検 32」 (thirtyeighth, thirtyeighth.yml, a thirty-eighth writer: 近畿 — 大阪's 文化住宅, prefectural and city
  housing and 長屋, 京都's 町家 and alleys, the mountain villages of 奈良 and 和歌山, 淡路島, 但馬 and 播磨, 湖北's
  settlements, 伊賀 and 志摩's fishing villages; 関西弁, 京言葉 and 播州弁, residents from Korea, Vietnam, China and
  the Philippines; written late in session 29, after its changes, and measured with session 28's code and with
  session 29's final code)
  and 「盲検 33」 (thirtyninth, thirtyninth.yml, a thirty-ninth writer: 関東 and 甲信越 — 房総's fishing villages and
  holiday estates with numbered lots, 茨城's farming settlements, 山梨's and 長野's 組, 常会 and mountain hamlets,
  commuter towns' estates; residents from Thailand, the Philippines and China; Slack and LINE WORKS threads,
  spreadsheet rows, OCR'd circulars; written during session 30 and measured with session 29's code and with
  session 30's final code)
  and 「盲検 34」 (fortieth, fortieth.yml, a fortieth writer: 中国地方 — 瀬戸内's islands, 広島's and 岡山's hillside
  estates, company towns, 山陰's and 山口's mountain hamlets and 屋号; residents from Vietnam, Indonesia and Brazil;
  care records, minutes, quoted e-mail, OCR'd forms, SMS; written during session 30 and measured with session 29's
  code and with session 30's final code)
  and 「盲検 35」 (fortyfirst, fortyfirst.yml, a forty-first writer: 近畿 — 大阪's 長屋, 文化住宅 and 府営住宅, new
  towns, 奈良's and 和歌山's mountain villages and fishing villages, 丹後's and 湖北's settlements; 関西弁 voicemail)
  and 「盲検 36」 (fortysecond, fortysecond.yml, a forty-second writer: 北陸 and the 日本海側 of 東北 — snowbound
  settlements, 散居村, 能登's temporary and public housing after the earthquake, 庄内's and 秋田's hamlets, 屋号;
  technical interns' names; both written during session 31 and measured with session 30's code and with session
  31's final code)
  and 「盲検 37」 (fortythird, fortythird.yml, a forty-third writer: 中国地方 — 山陰's mountain settlements and 隠岐,
  瀬戸内's islands and port towns, homes on slopes above terraced fields, 屋号; 広島弁, 岡山弁 and 出雲弁 quoted)
  and 「盲検 38」 (fortyfourth, fortyfourth.yml, a forty-fourth writer: the wards and suburbs of big cities — tower
  blocks and old wooden flats, UR and metropolitan estates, serviced housing for the elderly, share houses and
  internet cafés, residents from abroad and their families, multilingual LINE and e-mail; both written during
  session 32 and measured with session 31's code)
  and 「盲検 39」 (fortyfifth, fortyfifth.yml, a forty-fifth writer: 四国 and 九州 — 祖谷's and 物部's mountain
  settlements, 愛媛's and 香川's islands and ports, 大分's, 宮崎's, 熊本's and 鹿児島's towns and villages; care-need
  surveys and checklists copied as text, FAX cover sheets, LINE WORKS, dialect quoted)
  and 「盲検 40」 (fortysixth, fortysixth.yml, a forty-sixth writer: 東海 and 甲信 — 静岡's tea fields and ports,
  愛知's and 岐阜's suburban estates, 三重's 海女 towns, 長野's mountain villages, 山梨's orchards; case sheets, rosters
  pasted from Excel, families' e-mail, voicemail with fillers, residents from Brazil, the Philippines and Vietnam;
  both written during session 33 and measured with session 32's code; 盲検 39's phone labels were then counted by
  shape by a helper, and a rule was written for the shape found, so its phone figure is a tuned one)
  and 「盲検 41」 (fortyseventh, fortyseventh.yml, a forty-seventh writer: 北関東 and 南東北 — farming settlements
  with 大字, 字 and 屋号, company housing and prefectural estates, spa towns, evacuees in reconstruction housing;
  residents from Brazil, Peru, the Philippines, Vietnam and Sri Lanka; phone numbers with digits hidden)
  and 「盲検 42」 (fortyeighth, fortyeighth.yml, a forty-eighth writer: 北海道's 条・丁目, 線・号, 炭住 and fishing
  villages, and 沖縄's 字, 班, 門中, estates and islands; residents from China, Russia, the Philippines and Nepal;
  both written during session 34 and measured with session 33's code)
  and 「盲検 43」 (fortyninth, fortyninth.yml, a forty-ninth writer: 南関東's coast and islands and 首都圏's outer
  suburbs — 房総, 三浦, 伊豆諸島 and 小笠原, 湘南's old estates, 八王子's and 町田's new towns, 埼玉's 大字; residents
  from the Philippines, Thailand, China and Peru)
  and 「盲検 44」 (fiftieth, fiftieth.yml, a fiftieth writer: 北東北 and 新潟 — 地割 and 大字, snowbound hamlets, 三陸's
  relocation estates, 中越 and 佐渡, 屋号, dialect quoted; interns and wives from Vietnam, China and Indonesia;
  both written during session 35 and measured with session 34's code)
  and 「盲検 45」 (fiftyfirst, fiftyfirst.yml, a fifty-first writer: 近畿 — 京都's 通り名, 大阪's 長屋, 文化住宅 and
  public housing, 神戸's reconstruction housing, 奈良's, 和歌山's and 三重's hamlets, 滋賀, 但馬 and 淡路; Kansai
  dialect quoted; residents from Korea, Vietnam and Nepal)
  and 「盲検 46」 (fiftysecond, fiftysecond.yml, a fifty-second writer: 山陰 and 隠岐, 山陽's hillside estates, 九州's
  islands and settlements — 対馬, 壱岐, 五島, 天草, 甑島, 屋久島, 奄美, 長崎's slopes; dialect quoted; residents from
  the Philippines, Vietnam and Myanmar; both written during session 36 and measured with session 35's code)
  and 「盲検 47」 (fiftythird, fiftythird.yml, a fifty-third writer: 東北 — 岩手's, 宮城's, 秋田's and 山形's mountain
  villages, 三陸's relocation and reconstruction estates, 津軽, 南部 and 山形 dialect quoted; residents from China and
  Indonesia) and 「盲検 48」 (fiftyfourth, fiftyfourth.yml, a fifty-fourth writer: 東海 and 北関東 — 愛知's, 岐阜's,
  静岡's and 群馬's factory towns with Brazilian, Peruvian and Filipino residents, public estates, 外国人相談 records,
  forms and pasted tables; both written during session 37 and measured with session 36's code)
  and 「盲検 49」 (fiftyfifth, fiftyfifth.yml, a fifty-fifth writer: 北陸 — 能登半島 after the 2024 earthquake and
  flood, its temporary and borrowed housing and second shelters, families split with 金沢, 富山's and 福井's snowy and
  scattered settlements, 能登 and 富山 dialect quoted; trainees from Vietnam and China) and 「盲検 50」 (fiftysixth,
  fiftysixth.yml, a fifty-sixth writer: 中国地方 — 呉's and 尾道's stepped slopes, 瀬戸内's islands, large estates of
  the 1960s and 70s, 庄原's and 美作's settlements of a few houses, 被爆者手帳 records, dialect quoted; care workers
  from Myanmar and Nepal; both written during session 38 and measured with session 37's code)
  and 「盲検 51」 (fiftyseventh, fiftyseventh.yml, a fifty-seventh writer: 南九州, 奄美 and 沖縄 — 鹿児島's islands,
  宮崎's and 熊本's mountain settlements, 沖縄's 字 and 区, 宮古 and 八重山, 郷友会 and 門中, 島言葉 and 鹿児島弁 quoted;
  residents from the Philippines and Nepal) and 「盲検 52」 (fiftyeighth, fiftyeighth.yml, a fifty-eighth writer:
  首都圏's ageing suburbs — 多摩ニュータウン, 高島平, 千葉's and 埼玉's large UR and 公団 estates, 都営 and 県営 housing,
  サ高住 and group homes, old wooden flats near stations, residents from China, Vietnam and Nepal, LINE WORKS and
  Teams messages, forms and CSV rows; both written during session 39 and measured with session 38's code)
  and 「盲検 53」 (fiftyninth, fiftyninth.yml, a fifty-ninth writer: 近畿 — 京都市's street-name addresses (上ル・下ル・
  東入ル), 大阪's 長屋 and 文化住宅, 府営 and 市営 housing, 千里 and 泉北 new towns, 神戸's housing rebuilt after the
  earthquake, 奈良's and 和歌山's mountain villages, 関西弁 quoted; residents of Korean descent with their 通名 and
  本名, and from Vietnam) and 「盲検 54」 (sixtieth, sixtieth.yml, a sixtieth writer: 四国 — 高知's, 徳島's and
  愛媛's mountain settlements, 瀬戸内's islands, お遍路 and its inns, newcomers and 地域おこし協力隊, 土佐弁, 伊予弁
  and 阿波弁 quoted, 地区社協 and 自治会 rosters; workers from Indonesia and the Philippines in fishing and farming;
  both written during session 40 and measured with session 39's code)
  and 「盲検 55」 (sixtyfirst, sixtyfirst.yml, a sixty-first writer: 甲信越 — 長野's 区, 常会 and 組 and mountain
  hamlets, 山梨's farms of the 甲府盆地 and 富士北麓, 新潟's heavy-snow settlements, 山古志 after the 中越地震 and
  佐渡's 集落, 信州弁, 甲州弁 and 新潟弁 quoted; factory workers from China and Brazil) and 「盲検 56」 (sixtysecond,
  sixtysecond.yml, a sixty-second writer: 首都圏's old 下町 and hill towns — 足立's, 葛飾's and 墨田's packed wooden
  houses and 長屋, 横浜's homes up the slopes and 寿町's 簡易宿泊所, 川崎's factory streets, 無料低額宿泊所 and net
  cafés, 都営 and 市営 housing, 町会 rosters; residents from the Philippines, China and Nepal; forms and FAX sheets
  with digits of both widths; both written during session 41 and measured with session 40's code)
  and 「盲検 57」 (sixtythird, sixtythird.yml, a sixty-third writer: 九州北部 — 筑豊's coal-mine and improved housing,
  長崎's stairway houses on the slopes and the 郷 and 触 of 五島 and 壱岐, 佐賀's and 福岡's farming settlements and
  屋号, 博多弁 and 長崎弁 quoted; residents and trainees from Vietnam, Nepal and Indonesia; kintone records and LINE)
  and 「盲検 58」 (sixtyfourth, sixtyfourth.yml, a sixty-fourth writer: 東海 — 静岡's tea-field and mountain
  settlements, 浜松's and 磐田's prefectural estates with residents from Brazil and Peru, 愛知's factory towns'
  company housing and dormitories, 三重's fishing villages and 伊勢's town houses, 静岡弁 and 三河弁 quoted; OCR'd
  FAX sheets, CSV rosters and voicemails; both written during session 42 and measured with session 41's code):
  measured, never tuned on; their misses are never printed (``--misses`` refuses them). A set whose file does not
  exist yet is skipped with a note. 盲検 12 was measured four times while its session's code was decided, and one
  rule was dropped after its second figure (docs/security.md), so a new writer's set is the next blind one;
  盲検 2, 11, 13, 29, 36 and 49 were measured again in session 41, rates only, to find which two cuts lowered them
  (both were withdrawn), and count as writers' figures only since;
- 「開発 7」 (dev7, dev7.yml, writer D2, the same brief as 盲検 8): written to study the
  misses that 盲検 8 cannot show; measured once before any change, then used to find rules. The writer
  was told it is not trained on; the learned labeller was not, until session 32 (below);
- 「開発 8」 (dev8, dev8.yml, writer D3, the same brief as 盲検 11): the same, for 盲検 11;
- 「開発 9」 (dev9, dev9.yml, writer D4, the same brief as 盲検 12): the same, for 盲検 12;
- 「開発 10」 (dev10, dev10.yml, writer D5, the same brief as 盲検 14): the same, for 盲検 14;
- 「開発 11」 (dev11, dev11.yml, writer D6, the same brief as 盲検 15): the same, for 盲検 15;
- 「開発 12」 (dev12, dev12.yml, writer D7, the same brief as 盲検 16): the same, for 盲検 16;
- 「開発 13」 (dev13, dev13.yml, writer D8, the same brief as 盲検 17): the same, for 盲検 17;
- 「開発 14」 (dev14, dev14.yml, writer D9: 四国, 中国地方, 大分 and 宮崎, islands and mountain settlements) and
  「開発 15」 (dev15, dev15.yml, writer D10: 首都圏の郊外, 北陸 and 信州): written for session 20's late rules
  (bot.report.late_masking), each measured once before any change;
- 「開発 16」 (dev16, dev16.yml, writer W: homes written every way, 400 texts) and 「開発 17」 (dev17, dev17.yml, writer X:
  long records with every kind, 400 texts): written as training data in session 20, not trained on then (training
  on them did not raise recall), then used like 開発 14 and 15;
- 「開発 18」 (dev18, dev18.yml, writer D11: 九州, 沖縄 and 奄美, islands, 門中 and 字) and 「開発 19」 (dev19, dev19.yml,
  writer D12: 東京23区 and 多摩, 中京 and 静岡, residents from Brazil, Peru, the Philippines, China and Vietnam):
  written for session 21's late rules, each measured once before any change; 「開発 20」 (dev20, dev20.yml, writer D13:
  山梨, 静岡, 神奈川西部, 千葉 and 茨城, homes written every way), the same;
- 「開発 21」 (dev21, dev21.yml, writer D14: 京都・奈良・滋賀 and 東北, 通り名, 地割 and settlements, 176 addresses) and
  「開発 22」 (dev22, dev22.yml, writer D15: 北海道's 条・丁目 and 線・号, 北陸's scattered villages and 能登): written
  for session 22's late rules, each measured once before any change; 「開発 23」 (dev23, dev23.yml, writer D16, the same
  brief as 盲検 22) and 「開発 24」 (dev24, dev24.yml, writer D17: phone numbers and ids written, said and heard every
  way, and the offices' numbers that stay), the same;
- 「開発 25」 (dev25, dev25.yml, writer D18, the same brief as 盲検 23) and 「開発 26」 (dev26, dev26.yml, writer D19:
  homes written, said and described every way, 196 addresses): written for session 23's late rules, each measured
  once before any rule from it;
- 「開発 27」 (dev27, dev27.yml, writer D20, the same brief as 盲検 24) and 「開発 28」 (dev28, dev28.yml, writer D21:
  homes in 九州 and 東北 written, said and described every way, 231 addresses): written for session 24's late rules,
  each measured once before any rule from it;
- 「開発 29」 (dev29, dev29.yml, writer D22, the same brief as 盲検 25) and 「開発 30」 (dev30, dev30.yml, writer D23:
  people and homes in 近畿 and 四国 written, said and described every way, 191 addresses): written for session 25's
  late rules, each measured once before any rule from it;
- 「開発 31」 (dev31, dev31.yml, writer D24, the same brief as 盲検 26) and 「開発 32」 (dev32, dev32.yml, writer D25:
  people and homes in 北海道, 東北 and 北陸 written, said and described every way, 207 addresses): written for
  session 26's rules, each measured once before any rule from it;
- 「開発 33」 (dev33, dev33.yml, writer D26, the same brief as 盲検 27) and 「開発 34」 (dev34, dev34.yml, writer D27:
  where people live, told every way anywhere in Japan, 217 addresses, beside the same kinds of place names used for
  meeting places, districts in statistics and bus routes, which must survive): written for session 27's rules, each
  measured once before any rule from it;
- 「開発 35」 (dev35, dev35.yml, writer D28, the same brief as 盲検 28) and 「開発 36」 (dev36, dev36.yml, writer D29:
  people's names told every way, 346 names, beside words that look like names and must survive: clinics and shops
  named after a surname, stations, famous people's names in places): written for session 28's work, each measured
  once before any change from it;
- 「開発 37」 (dev37, dev37.yml, writer D30, the same brief as 盲検 30) and 「開発 38」 (dev38, dev38.yml, writer D31:
  phone numbers, ids and e-mail told every way — split across chat messages, said with fillers, read out letter by
  letter, misread by OCR — beside offices' numbers, dates, sums and statistics that must survive): written for
  session 29's work, each measured once before any change from it;
- 「開発 39」 (dev39, dev39.yml, writer D32: homes told without a street number — by landmarks and the way there,
  bare settlements, 屋号, 組 and 班, estates, directions in English, table rows) and 「開発 40」 (dev40, dev40.yml,
  writer D33: 関東・甲信越 and 中国地方, the briefs of 盲検 33 and 34 mixed): written for session 30's work, each
  measured once before any change from it;
- 「開発 41」 (dev41, dev41.yml, writer D34: 近畿, 北陸 and the 日本海側 of 東北, the briefs of 盲検 35 and 36 mixed)
  and 「開発 42」 (dev42, dev42.yml, writer D35: where someone lives told every way but a full address, beside the
  same kinds of place words used for meeting places, statistics and service areas, which must survive): written
  for session 31's work, each measured once before any change from it;
- 「開発 43」 (dev43, dev43.yml, writer D36: 中国地方 and big-city wards, the briefs of 盲検 37 and 38 mixed) and
  「開発 44」 (dev44, dev44.yml, writer D37: where people live, told in the words of neighbours and staff all over
  Japan — bullets, 地区 named with a person, moves to a daughter's home or a temporary house, fillers in
  voicemail — beside the same kinds of place names for venues and statistics): written for session 32's work, each
  measured once before any change from it;
- 「開発 45」 (dev45, dev45.yml, writer D38: ids, phone numbers and homes in big cities' wards, residents from abroad —
  residence cards, passports, case numbers with kanji in them, share houses and internet cafés) and 「開発 46」
  (dev46, dev46.yml, writer D39: homes told in remarks, brackets, rosters and 屋号, islands and their parts) and
  「開発 47」 (dev47, dev47.yml, writer D40, the same brief as 盲検 39, with many phone numbers) and 「開発 48」 (dev48,
  dev48.yml, writer D41, the same brief as 盲検 40, with many homes and combinations): written for session 33's
  work, each measured once before any change from it;
- 「開発 49」 (dev49, dev49.yml, writer D42, the same brief as 盲検 41, with many homes) and 「開発 50」 (dev50,
  dev50.yml, writer D43, the same brief as 盲検 42, with many homes and combinations): written for session 34's
  work, each measured once before any change from it;
- 「開発 51」 (dev51, dev51.yml, writer D44, the same brief as 盲検 43, with many homes) and 「開発 52」 (dev52,
  dev52.yml, writer D45, the same brief as 盲検 44, with many homes and combinations): written for session 35's
  work, each measured once before any change from it;
- 「開発 53」 (dev53, dev53.yml, writer D46, the same brief as 盲検 45, with many homes) and 「開発 54」 (dev54,
  dev54.yml, writer D47, the same brief as 盲検 46, with many homes and combinations): written for session 36's
  work, each measured once before any change from it;
- 「開発 55」 (dev55, dev55.yml, writer D48, the same brief as 盲検 47, with many homes) and 「開発 56」 (dev56,
  dev56.yml, writer D49, the same brief as 盲検 48, with many homes and combinations): written for session 37's
  work, each measured once before any change from it;
- 「開発 57」 (dev57, dev57.yml, writer D50, the same brief as 盲検 49, with many homes told without numbers) and
  「開発 58」 (dev58, dev58.yml, writer D51, the same brief as 盲検 50, with many homes told without numbers and
  combinations): written for session 38's work, each measured once before any change from it;
- 「開発 59」 (dev59, dev59.yml, writer D52, the same brief as 盲検 51, with many homes told without numbers) and
  「開発 60」 (dev60, dev60.yml, writer D53, the same brief as 盲検 52, with many homes told without numbers and
  combinations): written for session 39's work, each measured once before any change from it;
- 「開発 61」 (dev61, dev61.yml, writer D54, the same brief as 盲検 53, with many homes told without numbers) and
  「開発 62」 (dev62, dev62.yml, writer D55, the same brief as 盲検 54, with many homes told without numbers, ids and
  combinations), 「開発 63」 (dev63, dev63.yml, writer D56: 北海道's 条・丁目 and 線・号, coal towns' old company
  houses, pioneer settlements and fishing villages, homes for the winter, with many homes told without numbers) and
  「開発 64」 (dev64, dev64.yml, writer D57: homes told by another home or place — a detached room on the same plot, the
  next room, the block across — and the hospitals, care homes and relatives' homes people now live in): written for
  session 40's work, each measured once before any change from it;
- 「開発 65」 (dev65, dev65.yml, writer D58, the same brief as 盲検 55, with many homes told without numbers) and
  「開発 66」 (dev66, dev66.yml, writer D59, the same brief as 盲検 56, with many names and many homes told by floors
  and rooms): written for session 41's work, each measured once before any change from it;
- 「開発 67」 (dev67, dev67.yml, writer D60, the same brief as 盲検 57, with many homes told without numbers — a room in
  a relative's house, a hospital or care home, a settlement named alone, a room said later in a chat) and 「開発 68」
  (dev68, dev68.yml, writer D61, the same brief as 盲検 58, with many homes and names): written for session 42's
  work, each measured once before any change from it.

The learned labeller (bot.report.learned_masking) is trained on 開発 1〜6,
on 開発 7〜42 (since session 32: on 開発 43 and 44 it raised name and address
recall), on 開発 43 and 44 (since session 33: on 開発 45〜48 it raised address
recall) and on data/masking/, so its figures on them are figures on its own
training texts; ``--writers`` measures it on each writer of 開発 1〜6 and
data/masking/ left out. The blind sets and the newest development sets (開発 45
〜68; on 開発 49 and 50, training on 開発 45〜48 lowered address recall) are never
trained on.

Scoring (``score``):
- masking normalises the text (bot.normalize); bot.report.masking.spans_many
  returns that normalised text and the spans it replaces. Each labelled
  substring is normalised the same way and found in the normalised text, the
  n-th label with the same substring at its n-th occurrence, skipping one
  that lies inside a longer label of its kind already placed (「今井」 after 「今井 和子」).
- a labelled span is masked when none of its characters is left visible:
  spaces and honorifics at its edges, spaces and punctuation (brackets, 、。・)
  inside it are ignored, nothing else is. A partial mask (「〔氏名〕花子」 for
  鈴木花子) is a miss. An address's municipality need not be hidden, at its
  head or at the head of its brackets, nor the words at its edges that say
  whose home it is (「長男宅（…）」「〜の持ち家」; see ``_personal_parts``).
  The brackets, the punctuation and the words for whose home joined in session
  34, when the writers of 開発 49 and 50 labelled such words with the home; a
  city named without its 市 before の, 、 or a space (「札幌の娘宅」, not a town's
  or a village's: 「安田の港」) and a spoken filler between commas (「鴨川の、
  えーと、太海」) joined in session 35; a municipality's 「内」 (「延岡市内の長女宅」:
  within the city as a whole) and 「ん」 said for の in the words for whose home
  (「長浜ん息子ん家」) joined in session 39; every set is scored the same way, and
  docs/security.md gives the figures both ways.
- precision: of the spans the masker replaced, the share that overlaps a
  labelled span or a combination's area or age.
- keep: the share of the ``keep`` substrings still present in the masked text.
- combinations (an age, a small area and a condition that together identify
  someone): masked when every occurrence of the area, or of the age, is masked.
  The age is the age itself at the head of the label: 「80代の男性」 and
  「90歳を超えて」 are scored as 80代 and 90歳, as honorifics are trimmed
  from names.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, FrozenSet, List, Optional, Sequence, Tuple

import yaml

from bot.config import ROOT
from bot.normalize import normalize

SETS = {"dev": ROOT / "tests" / "eval" / "masking" / "labelled.yml",
        "test": ROOT / "tests" / "eval" / "masking" / "test.yml",
        "third": ROOT / "tests" / "eval" / "masking" / "third.yml",
        "fourth": ROOT / "tests" / "eval" / "masking" / "fourth.yml",
        "fifth": ROOT / "tests" / "eval" / "masking" / "fifth.yml",
        "sixth": ROOT / "tests" / "eval" / "masking" / "sixth.yml",
        "seventh": ROOT / "tests" / "eval" / "masking" / "seventh.yml",
        "eighth": ROOT / "tests" / "eval" / "masking" / "eighth.yml",
        "ninth": ROOT / "tests" / "eval" / "masking" / "ninth.yml",
        "tenth": ROOT / "tests" / "eval" / "masking" / "tenth.yml",
        "eleventh": ROOT / "tests" / "eval" / "masking" / "eleventh.yml",
        "twelfth": ROOT / "tests" / "eval" / "masking" / "twelfth.yml",
        "thirteenth": ROOT / "tests" / "eval" / "masking" / "thirteenth.yml",
        "fourteenth": ROOT / "tests" / "eval" / "masking" / "fourteenth.yml",
        "fifteenth": ROOT / "tests" / "eval" / "masking" / "fifteenth.yml",
        "sixteenth": ROOT / "tests" / "eval" / "masking" / "sixteenth.yml",
        "seventeenth": ROOT / "tests" / "eval" / "masking" / "seventeenth.yml",
        "eighteenth": ROOT / "tests" / "eval" / "masking" / "eighteenth.yml",
        "nineteenth": ROOT / "tests" / "eval" / "masking" / "nineteenth.yml",
        "twentieth": ROOT / "tests" / "eval" / "masking" / "twentieth.yml",
        "twentyfirst": ROOT / "tests" / "eval" / "masking" / "twentyfirst.yml",
        "twentysecond": ROOT / "tests" / "eval" / "masking" / "twentysecond.yml",
        "twentythird": ROOT / "tests" / "eval" / "masking" / "twentythird.yml",
        "twentyfourth": ROOT / "tests" / "eval" / "masking" / "twentyfourth.yml",
        "twentyfifth": ROOT / "tests" / "eval" / "masking" / "twentyfifth.yml",
        "twentysixth": ROOT / "tests" / "eval" / "masking" / "twentysixth.yml",
        "twentyseventh": ROOT / "tests" / "eval" / "masking" / "twentyseventh.yml",
        "twentyeighth": ROOT / "tests" / "eval" / "masking" / "twentyeighth.yml",
        "twentyninth": ROOT / "tests" / "eval" / "masking" / "twentyninth.yml",
        "thirtieth": ROOT / "tests" / "eval" / "masking" / "thirtieth.yml",
        "thirtyfirst": ROOT / "tests" / "eval" / "masking" / "thirtyfirst.yml",
        "thirtysecond": ROOT / "tests" / "eval" / "masking" / "thirtysecond.yml",
        "thirtythird": ROOT / "tests" / "eval" / "masking" / "thirtythird.yml",
        "thirtyfourth": ROOT / "tests" / "eval" / "masking" / "thirtyfourth.yml",
        "thirtyfifth": ROOT / "tests" / "eval" / "masking" / "thirtyfifth.yml",
        "thirtysixth": ROOT / "tests" / "eval" / "masking" / "thirtysixth.yml",
        "thirtyseventh": ROOT / "tests" / "eval" / "masking" / "thirtyseventh.yml",
        "thirtyeighth": ROOT / "tests" / "eval" / "masking" / "thirtyeighth.yml",
        "thirtyninth": ROOT / "tests" / "eval" / "masking" / "thirtyninth.yml",
        "fortieth": ROOT / "tests" / "eval" / "masking" / "fortieth.yml",
        "fortyfirst": ROOT / "tests" / "eval" / "masking" / "fortyfirst.yml",
        "fortysecond": ROOT / "tests" / "eval" / "masking" / "fortysecond.yml",
        "fortythird": ROOT / "tests" / "eval" / "masking" / "fortythird.yml",
        "fortyfourth": ROOT / "tests" / "eval" / "masking" / "fortyfourth.yml",
        "fortyfifth": ROOT / "tests" / "eval" / "masking" / "fortyfifth.yml",
        "fortysixth": ROOT / "tests" / "eval" / "masking" / "fortysixth.yml",
        "fortyseventh": ROOT / "tests" / "eval" / "masking" / "fortyseventh.yml",
        "fortyeighth": ROOT / "tests" / "eval" / "masking" / "fortyeighth.yml",
        "fortyninth": ROOT / "tests" / "eval" / "masking" / "fortyninth.yml",
        "fiftieth": ROOT / "tests" / "eval" / "masking" / "fiftieth.yml",
        "fiftyfirst": ROOT / "tests" / "eval" / "masking" / "fiftyfirst.yml",
        "fiftysecond": ROOT / "tests" / "eval" / "masking" / "fiftysecond.yml",
        "fiftythird": ROOT / "tests" / "eval" / "masking" / "fiftythird.yml",
        "fiftyfourth": ROOT / "tests" / "eval" / "masking" / "fiftyfourth.yml",
        "fiftyfifth": ROOT / "tests" / "eval" / "masking" / "fiftyfifth.yml",
        "fiftysixth": ROOT / "tests" / "eval" / "masking" / "fiftysixth.yml",
        "fiftyseventh": ROOT / "tests" / "eval" / "masking" / "fiftyseventh.yml",
        "fiftyeighth": ROOT / "tests" / "eval" / "masking" / "fiftyeighth.yml",
        "fiftyninth": ROOT / "tests" / "eval" / "masking" / "fiftyninth.yml",
        "sixtieth": ROOT / "tests" / "eval" / "masking" / "sixtieth.yml",
        "sixtyfirst": ROOT / "tests" / "eval" / "masking" / "sixtyfirst.yml",
        "sixtysecond": ROOT / "tests" / "eval" / "masking" / "sixtysecond.yml",
        "sixtythird": ROOT / "tests" / "eval" / "masking" / "sixtythird.yml",
        "sixtyfourth": ROOT / "tests" / "eval" / "masking" / "sixtyfourth.yml",
        "dev7": ROOT / "tests" / "eval" / "masking" / "dev7.yml",
        "dev8": ROOT / "tests" / "eval" / "masking" / "dev8.yml",
        "dev9": ROOT / "tests" / "eval" / "masking" / "dev9.yml",
        "dev10": ROOT / "tests" / "eval" / "masking" / "dev10.yml",
        "dev11": ROOT / "tests" / "eval" / "masking" / "dev11.yml",
        "dev12": ROOT / "tests" / "eval" / "masking" / "dev12.yml",
        "dev13": ROOT / "tests" / "eval" / "masking" / "dev13.yml",
        "dev14": ROOT / "tests" / "eval" / "masking" / "dev14.yml",
        "dev15": ROOT / "tests" / "eval" / "masking" / "dev15.yml",
        "dev16": ROOT / "tests" / "eval" / "masking" / "dev16.yml",
        "dev17": ROOT / "tests" / "eval" / "masking" / "dev17.yml",
        "dev18": ROOT / "tests" / "eval" / "masking" / "dev18.yml",
        "dev19": ROOT / "tests" / "eval" / "masking" / "dev19.yml",
        "dev20": ROOT / "tests" / "eval" / "masking" / "dev20.yml",
        "dev21": ROOT / "tests" / "eval" / "masking" / "dev21.yml",
        "dev22": ROOT / "tests" / "eval" / "masking" / "dev22.yml",
        "dev23": ROOT / "tests" / "eval" / "masking" / "dev23.yml",
        "dev24": ROOT / "tests" / "eval" / "masking" / "dev24.yml",
        "dev25": ROOT / "tests" / "eval" / "masking" / "dev25.yml",
        "dev26": ROOT / "tests" / "eval" / "masking" / "dev26.yml",
        "dev27": ROOT / "tests" / "eval" / "masking" / "dev27.yml",
        "dev28": ROOT / "tests" / "eval" / "masking" / "dev28.yml",
        "dev29": ROOT / "tests" / "eval" / "masking" / "dev29.yml",
        "dev30": ROOT / "tests" / "eval" / "masking" / "dev30.yml",
        "dev31": ROOT / "tests" / "eval" / "masking" / "dev31.yml",
        "dev32": ROOT / "tests" / "eval" / "masking" / "dev32.yml",
        "dev33": ROOT / "tests" / "eval" / "masking" / "dev33.yml",
        "dev34": ROOT / "tests" / "eval" / "masking" / "dev34.yml",
        "dev35": ROOT / "tests" / "eval" / "masking" / "dev35.yml",
        "dev36": ROOT / "tests" / "eval" / "masking" / "dev36.yml",
        "dev37": ROOT / "tests" / "eval" / "masking" / "dev37.yml",
        "dev38": ROOT / "tests" / "eval" / "masking" / "dev38.yml",
        "dev39": ROOT / "tests" / "eval" / "masking" / "dev39.yml",
        "dev40": ROOT / "tests" / "eval" / "masking" / "dev40.yml",
        "dev41": ROOT / "tests" / "eval" / "masking" / "dev41.yml",
        "dev42": ROOT / "tests" / "eval" / "masking" / "dev42.yml",
        "dev43": ROOT / "tests" / "eval" / "masking" / "dev43.yml",
        "dev44": ROOT / "tests" / "eval" / "masking" / "dev44.yml",
        "dev45": ROOT / "tests" / "eval" / "masking" / "dev45.yml",
        "dev46": ROOT / "tests" / "eval" / "masking" / "dev46.yml",
        "dev47": ROOT / "tests" / "eval" / "masking" / "dev47.yml",
        "dev48": ROOT / "tests" / "eval" / "masking" / "dev48.yml",
        "dev49": ROOT / "tests" / "eval" / "masking" / "dev49.yml",
        "dev50": ROOT / "tests" / "eval" / "masking" / "dev50.yml",
        "dev51": ROOT / "tests" / "eval" / "masking" / "dev51.yml",
        "dev52": ROOT / "tests" / "eval" / "masking" / "dev52.yml",
        "dev53": ROOT / "tests" / "eval" / "masking" / "dev53.yml",
        "dev54": ROOT / "tests" / "eval" / "masking" / "dev54.yml",
        "dev55": ROOT / "tests" / "eval" / "masking" / "dev55.yml",
        "dev56": ROOT / "tests" / "eval" / "masking" / "dev56.yml",
        "dev57": ROOT / "tests" / "eval" / "masking" / "dev57.yml",
        "dev58": ROOT / "tests" / "eval" / "masking" / "dev58.yml",
        "dev59": ROOT / "tests" / "eval" / "masking" / "dev59.yml",
        "dev60": ROOT / "tests" / "eval" / "masking" / "dev60.yml",
        "dev61": ROOT / "tests" / "eval" / "masking" / "dev61.yml",
        "dev62": ROOT / "tests" / "eval" / "masking" / "dev62.yml",
        "dev63": ROOT / "tests" / "eval" / "masking" / "dev63.yml",
        "dev64": ROOT / "tests" / "eval" / "masking" / "dev64.yml",
        "dev65": ROOT / "tests" / "eval" / "masking" / "dev65.yml",
        "dev66": ROOT / "tests" / "eval" / "masking" / "dev66.yml",
        "dev67": ROOT / "tests" / "eval" / "masking" / "dev67.yml",
        "dev68": ROOT / "tests" / "eval" / "masking" / "dev68.yml"}
SET_NAMES = {"dev": "開発 1", "test": "開発 2（一度目は盲検）", "third": "開発 3（一度目は盲検）",
             "fourth": "開発 4（一度目は盲検）", "fifth": "開発 5（一度目は盲検）",
             "sixth": "開発 6（一度目は盲検）", "seventh": "盲検", "eighth": "盲検 2",
             "ninth": "盲検 3", "tenth": "盲検 4",
             "eleventh": "盲検 5", "twelfth": "盲検 6",
             "thirteenth": "盲検 7", "fourteenth": "盲検 8", "fifteenth": "盲検 9", "sixteenth": "盲検 10",
             "seventeenth": "盲検 11", "eighteenth": "盲検 12", "nineteenth": "盲検 13", "twentieth": "盲検 14",
             "twentyfirst": "盲検 15", "twentysecond": "盲検 16", "twentythird": "盲検 17",
             "twentyfourth": "盲検 18", "twentyfifth": "盲検 19", "twentysixth": "盲検 20",
             "twentyseventh": "盲検 21", "twentyeighth": "盲検 22", "twentyninth": "盲検 23",
             "thirtieth": "盲検 24", "thirtyfirst": "盲検 25", "thirtysecond": "盲検 26",
             "thirtythird": "盲検 27", "thirtyfourth": "盲検 28", "thirtyfifth": "盲検 29",
             "thirtysixth": "盲検 30", "thirtyseventh": "盲検 31",
             "thirtyeighth": "盲検 32", "thirtyninth": "盲検 33", "fortieth": "盲検 34",
             "fortyfirst": "盲検 35", "fortysecond": "盲検 36", "fortythird": "盲検 37", "fortyfourth": "盲検 38",
             "fortyfifth": "盲検 39", "fortysixth": "盲検 40", "fortyseventh": "盲検 41", "fortyeighth": "盲検 42",
             "fortyninth": "盲検 43", "fiftieth": "盲検 44",
             "fiftyfirst": "盲検 45", "fiftysecond": "盲検 46", "fiftythird": "盲検 47", "fiftyfourth": "盲検 48",
             "fiftyfifth": "盲検 49", "fiftysixth": "盲検 50", "fiftyseventh": "盲検 51", "fiftyeighth": "盲検 52",
             "fiftyninth": "盲検 53", "sixtieth": "盲検 54",
             "sixtyfirst": "盲検 55", "sixtysecond": "盲検 56", "sixtythird": "盲検 57", "sixtyfourth": "盲検 58",
             "dev7": "開発 7", "dev8": "開発 8", "dev9": "開発 9",
             "dev10": "開発 10", "dev11": "開発 11", "dev12": "開発 12", "dev13": "開発 13",
             "dev14": "開発 14", "dev15": "開発 15", "dev16": "開発 16", "dev17": "開発 17",
             "dev18": "開発 18", "dev19": "開発 19", "dev20": "開発 20", "dev21": "開発 21", "dev22": "開発 22",
             "dev23": "開発 23", "dev24": "開発 24", "dev25": "開発 25", "dev26": "開発 26",
             "dev27": "開発 27", "dev28": "開発 28", "dev29": "開発 29", "dev30": "開発 30", "dev31": "開発 31",
             "dev32": "開発 32", "dev33": "開発 33", "dev34": "開発 34", "dev35": "開発 35", "dev36": "開発 36",
             "dev37": "開発 37", "dev38": "開発 38", "dev39": "開発 39", "dev40": "開発 40",
             "dev41": "開発 41", "dev42": "開発 42", "dev43": "開発 43", "dev44": "開発 44",
             "dev45": "開発 45", "dev46": "開発 46", "dev47": "開発 47", "dev48": "開発 48",
             "dev49": "開発 49", "dev50": "開発 50", "dev51": "開発 51", "dev52": "開発 52",
             "dev53": "開発 53", "dev54": "開発 54", "dev55": "開発 55", "dev56": "開発 56",
             "dev57": "開発 57", "dev58": "開発 58", "dev59": "開発 59", "dev60": "開発 60",
             "dev61": "開発 61", "dev62": "開発 62", "dev63": "開発 63", "dev64": "開発 64",
             "dev65": "開発 65", "dev66": "開発 66", "dev67": "開発 67", "dev68": "開発 68"}
# Sets whose misses may be printed; the blind set's never are.
MISSES_ALLOWED = ("dev", "test", "third", "fourth", "fifth", "sixth", "dev7", "dev8", "dev9", "dev10", "dev11",
                  "dev12", "dev13", "dev14", "dev15", "dev16", "dev17", "dev18", "dev19",
                  "dev20", "dev21", "dev22", "dev23", "dev24", "dev25", "dev26", "dev27", "dev28", "dev29", "dev30",
                  "dev31", "dev32", "dev33", "dev34", "dev35", "dev36", "dev37", "dev38", "dev39", "dev40",
                  "dev41", "dev42", "dev43", "dev44", "dev45", "dev46", "dev47", "dev48", "dev49", "dev50",
                  "dev51", "dev52", "dev53", "dev54", "dev55", "dev56", "dev57", "dev58",
                  "dev59", "dev60", "dev61", "dev62", "dev63", "dev64", "dev65", "dev66",
                  "dev67", "dev68")
SET_CHOICES = (*SETS, "all")  # derived, so a new set is named in one place
KINDS = ("name", "address", "phone", "email", "id", "birthdate")
KIND_NAMES = {"name": "氏名", "address": "住所", "phone": "電話番号", "email": "メール", "id": "番号・ID",
              "birthdate": "生年月日", "combination": "組み合わせ"}
# The bar from issue 15: recall for each kind (birthdate: reported, aimed at 0.98).
BARS = {"name": 0.98, "address": 0.98, "phone": 0.98, "email": 0.98, "id": 0.98, "combination": 0.9}
HONORIFICS = ("さん", "さま", "様", "氏", "君", "くん", "ちゃん", "先生")

# A masker takes raw texts and gives, for each, the normalised text and the (start, end, label) it replaces.
Masker = Callable[[Sequence[str]], List[Tuple[str, List[Tuple[int, int, str]]]]]


@dataclass
class Item:
    id: str
    text: str
    pii: List[Tuple[str, str]] = field(default_factory=list)  # (kind, substring), per occurrence in order
    combinations: List[Tuple[str, str]] = field(default_factory=list)  # (area, age)
    keep: List[str] = field(default_factory=list)


def load(path: Path) -> List[Item]:
    texts = yaml.safe_load(path.read_text(encoding="utf-8"))["texts"]
    return [Item(t["id"], t["text"], [(p["kind"], p["text"]) for p in t.get("pii") or []],
                 [(c["area"], c["age"]) for c in t.get("combination") or []], list(t.get("keep") or []))
            for t in texts]


def _occurrences(text: str, part: str) -> List[int]:
    found, at = [], text.find(part)
    while part and at >= 0:
        found.append(at)
        at = text.find(part, at + 1)
    return found


# The age itself at the head of a labelled age: 「80代の男性」「90歳を超えて」 are broken when 80代, 90歳 is hidden.
_AGE_HEAD = re.compile(r"(?:\d{1,3}|[一二三四五六七八九十百]{1,4})(?:歳|才)?代?(?:前半|後半|半ば)?")


def _age_itself(age: str) -> str:
    head = _AGE_HEAD.match(age)
    return head.group() if head and re.search("[歳才代]", head.group()) else age


def _next_free(text: str, part: str, after: int, labelled: Sequence[Tuple[int, int]]) -> int:
    """The next occurrence of a label's substring from ``after`` that is not inside a longer label of its kind
    already placed (「今井」 listed after 「今井 和子」 is the later 今井), else the next one at all; -1 if none."""
    if not part:
        return -1
    first = text.find(part, after)
    at = first
    while at >= 0 and any(s <= at and at + len(part) <= e for s, e in labelled):
        at = text.find(part, at + 1)
    return at if at >= 0 else first


def _trim(text: str, start: int, end: int) -> Tuple[int, int]:
    """Spaces and honorifics at the edges of a labelled span are not personal data."""
    changed = True
    while changed and start < end:
        changed = False
        while start < end and text[start].isspace():
            start, changed = start + 1, True
        while start < end and text[end - 1].isspace():
            end, changed = end - 1, True
        for honorific in HONORIFICS:
            if text.endswith(honorific, start, end) and end - len(honorific) > start:
                end, changed = end - len(honorific), True
    return start, end


# Punctuation is no one's data: 「馬頭の家（那珂川町馬頭1550）」 is hidden when its words are.
_PUNCTUATION = frozenset("()[]「」『』【】、。,・")


# A spoken filler between commas or spaces (「鴨川の、えーと、太海」) says nothing of anyone: like punctuation, it
# need not be hidden inside a label.
_FILLER_RE = re.compile(r"(?<=[、,\s])(?:え[ーっ]*と?|えっと|あ[のー]+|そ[のー]+|ほら|うーん|まあ)(?=[、,\s])")


@lru_cache(maxsize=64)
def _fillers(text: str) -> FrozenSet[int]:
    return frozenset(i for m in _FILLER_RE.finditer(text) for i in range(m.start(), m.end()))


# An honorific right after a hidden name (「〔氏名〕さんとこの隣の…」) says no one's name or home: like punctuation, it
# need not be hidden inside a label.
_HONORIFIC_RE = re.compile(r"さん|さま|様|ちゃん|くん")


def _hidden(covered: List[bool], text: str, start: int, end: int) -> bool:
    start, end = _trim(text, start, end)
    fillers = _fillers(text)  # (once per text, not per label)
    honorifics = {i for m in _HONORIFIC_RE.finditer(text, start, end) if m.start() > start and covered[m.start() - 1]
                  for i in range(m.start(), m.end())}
    return all(covered[i] or text[i].isspace() or text[i] in _PUNCTUATION or i in fillers or i in honorifics
               for i in range(start, end))


def _placements(item: Item, text: str):
    """Each labelled substring with where it lies in the normalised text: (kind, as labelled, start, end),
    start -1 when it is not there."""
    placed: List[Tuple[Tuple[int, int], str]] = []  # the labels so far, with their kind
    next_at: Dict[str, int] = {}
    for kind, raw in item.pii:
        part = normalize(raw)
        at = _next_free(text, part, next_at.get(part, 0), [span for span, k in placed if k == kind])
        if at >= 0:
            next_at[part] = at + 1
            placed.append(((at, at + len(part)), kind))
        yield kind, raw, at, at + len(part)


def placed_labels(item: Item, text: str) -> List[Tuple[int, int, str]]:
    """The labelled personal data found in the normalised text, without the spaces and honorifics at its edges
    (what a learned labeller is trained to mark)."""
    return [(*_trim(text, at, end), kind) for kind, _, at, end in _placements(item, text) if at >= 0]


def _empty_counts() -> Dict[str, Dict[str, int]]:
    counts = {kind: {"labelled": 0, "masked": 0, "not_found": 0} for kind in KINDS + ("combination",)}
    counts["keep"] = {"labelled": 0, "kept": 0}
    return counts


# A postcode at an address's head: 「〒860-0862 熊本市中央区黒髪5丁目14-3」
_POSTCODE_RE = re.compile(r"〒?\s?\d{3}\s?[\-‐−ー]\s?\d{4}\s*")  # any dash: 「〒336−0017」
_BRACKET_RE = re.compile(r"[(\[【「]\s*")  # (normalised: 「（」 is 「(」)
# Words for a home that place it nowhere, at an address label's edge or before its brackets: 「長男宅（…）」
# 「寒河江市本町3丁目の持ち家」「有屋の家」. Like an honorific after a name (「渡辺宅」 is labelled 渡辺), they
# say whose home it is, not where; in dialect too (「長浜ん息子ん家」).
_RELATION = r"(?:長男|長女|次男|次女|三男|三女|息子|娘|子ども|兄|姉|弟|妹|孫|甥|姪|親戚|義母|義父|母|父|私|自分|本人)"
_HOME_WORD = (rf"(?:[のん]\s?)?{_RELATION}(?:さん)?(?:夫婦)?[のん]?"
              r"(?:宅|家|自宅|実家|持ち家|ところ|所|とこ|マンション|アパート)"  # (「尼崎の長男さんのマンション」)
              r"|[のん]\s?(?:家|自宅|実家|持ち家|お宅|ところ|所)|自宅|実家|持ち家|お宅")
# 「延岡市内の長女宅」: within a municipality, as a whole (「市内」「町内」), which places no one beyond it.
_WITHIN_A_MUNICIPALITY_RE = re.compile(r"(?<=[市町村区])内[\sの、]*")
_HOME_WORD_AT_HEAD_RE = re.compile(rf"(?:{_HOME_WORD})(?=\s?\()")
_NEAR_AT_HEAD_RE = re.compile(r"(?:すぐ)?(?:近く|近所|そば)の\s?")  # 「近くの宮山台の戸建て」: near whom it does not say
_HOME_WORD_AT_TAIL_RE = re.compile(rf"(?:{_HOME_WORD})[\s)」]*$")


def _personal_parts(text: str, kind: str, start: int, end: int) -> List[Tuple[int, int]]:
    """What of a labelled span must be hidden. The first writers labelled an address with its municipality's name
    (「足立区花畑四丁目27番3号」), the later ones, as their brief asked, without it: a municipality as a whole is
    no one's address, and masking leaves it visible (masking._after_municipalities). Every set is held to the
    later rule: the names at an address's head (or after its postcode, or at the head of brackets in it) that
    Japan Post lists as municipalities need not be hidden, nor the words at its edges that say whose home it is
    (_HOME_WORD); the same for a combination's area."""
    if kind == "address":
        from bot.report import places

        parts, at = [], start
        # (and at the head of a part in brackets: 「角田市の長男宅（角田市角田字扇町 5-8）」)
        heads = [start] + [m.end() for m in _BRACKET_RE.finditer(text, start, end)]
        for head in heads:
            postcode = _POSTCODE_RE.match(text, head, end)
            after = postcode.end() if postcode else head
            named = places.municipalities_at_head(text[after:end]) or _city_without_its_suffix(text[after:end])
            within = _WITHIN_A_MUNICIPALITY_RE.match(text, after + named, end) if named else None
            named += len(within.group()) if within else 0
            if named and text[after + named:end].strip():
                parts.append((at, after))
                at = after + named
        return [_without_home_words(text, s, e) for s, e in parts + [(at, end)] if s < e] or [(start, end)]
    return [(start, end)]


def _city_without_its_suffix(text: str) -> int:
    """How many characters at the head of the text name a city without its 市 (「札幌の娘宅」「横浜の港南区日野」), with the
    の, 、 or space that must follow and any municipality after it; 0 when none does. Only a city's: 「安田の港」
    is a settlement of 国頭村 as often as 安田町."""
    from bot.report import places

    municipalities = places.gazetteer().municipalities
    for stem_end in range(min(len(text) - 1, places.LONGEST), places.SHORTEST - 1, -1):
        if text[:stem_end] + "市" in municipalities and text[stem_end] in "の、 ":
            at = places._BETWEEN_RE.match(text, stem_end).end()  # (as after a municipality's full name)
            at += places.municipalities_at_head(text[at:])
            return at if text[at:].strip() else 0
    return 0


def _without_home_words(text: str, start: int, end: int) -> Tuple[int, int]:
    head = _HOME_WORD_AT_HEAD_RE.match(text, start, end) or _NEAR_AT_HEAD_RE.match(text, start, end)
    start = head.end() if head else start
    tail = _HOME_WORD_AT_TAIL_RE.search(text, start, end)
    return start, (tail.start() if tail else end)  # (「福島市の長男宅」 places no one beyond its city)


def score(items: Sequence[Item], masker: Masker) -> Dict:
    """Counts and rates for one set; ``misses`` lists what was left visible (text id, kind, substring),
    the ``keep`` substrings lost and the masks over nothing labelled (kind ``extra``)."""
    started = time.perf_counter()
    results = masker([item.text for item in items])
    seconds = time.perf_counter() - started
    counts = _empty_counts()
    produced: Dict[str, Dict[str, int]] = {}
    misses: List[Tuple[str, str, str]] = []
    for item, (text, spans) in zip(items, results):
        covered = [False] * len(text)
        for start, end, _ in spans:
            for i in range(start, end):
                covered[i] = True
        labelled: List[Tuple[int, int]] = []
        for kind, raw, at, end in _placements(item, text):
            counts[kind]["labelled"] += 1
            if at < 0:
                counts[kind]["not_found"] += 1
                misses.append((item.id, kind, raw + "（見つかりません）"))
                continue
            labelled.append((at, end))
            if all(_hidden(covered, text, *part) for part in _personal_parts(text, kind, at, end)):
                counts[kind]["masked"] += 1
            else:
                misses.append((item.id, kind, raw))
        for area, age in item.combinations:
            counts["combination"]["labelled"] += 1
            hidden = False
            for part, kind in ((normalize(area), "address"), (_age_itself(normalize(age)), "age")):
                places = _occurrences(text, part)
                labelled += [(at, at + len(part)) for at in places]
                # (an area is held to an address's rule: 「砺波市〔住所〕」 with its age masked says no one)
                if places and all(_hidden(covered, text, *piece) for at in places
                                  for piece in _personal_parts(text, kind, at, at + len(part))):
                    hidden = True
            if hidden:
                counts["combination"]["masked"] += 1
            else:
                misses.append((item.id, "combination", f"{area} / {age}"))
        for start, end, label in spans:
            tally = produced.setdefault(label, {"spans": 0, "right": 0})
            tally["spans"] += 1
            right = any(s < end and start < e for s, e in labelled)
            tally["right"] += right
            if not right:
                misses.append((item.id, "extra", f"{label} ← {text[start:end]}"))
        masked_text = _apply(text, spans)
        for part in item.keep:
            counts["keep"]["labelled"] += 1
            if normalize(part) in masked_text:
                counts["keep"]["kept"] += 1
            else:
                misses.append((item.id, "keep", part))
    return {"texts": len(items), "seconds": seconds, "counts": counts, "produced": produced, "misses": misses}


def _apply(text: str, spans: Sequence[Tuple[int, int, str]]) -> str:
    for start, end, label in sorted(spans, reverse=True):
        text = text[:start] + label + text[end:]
    return text


def rates(result: Dict) -> Dict:
    """Recall per kind, precision per mask label and overall, keep survival and speed."""
    counts, produced = result["counts"], result["produced"]
    recall = {kind: (c["masked"] / c["labelled"] if c["labelled"] else None, c["labelled"], c.get("not_found", 0))
              for kind, c in counts.items() if kind != "keep"}
    spans = sum(p["spans"] for p in produced.values())
    right = sum(p["right"] for p in produced.values())
    keep = counts["keep"]
    return {
        "texts": result["texts"],
        "texts_per_second": result["texts"] / result["seconds"] if result["seconds"] else None,
        "recall": {kind: {"labelled": n, "recall": r, "bar": BARS.get(kind), "not_found": lost}
                   for kind, (r, n, lost) in recall.items()},
        "precision": {label: {"spans": p["spans"], "precision": p["right"] / p["spans"]}
                      for label, p in sorted(produced.items())},
        "precision_overall": right / spans if spans else None,
        "masked_spans": spans,
        "keep": {"labelled": keep["labelled"], "survival": keep["kept"] / keep["labelled"] if keep["labelled"] else None},
    }


def _masker() -> Masker:
    from bot.report import masking

    def run(texts: Sequence[str]):
        return [(text, [(s.start, s.end, s.label) for s in spans]) for text, spans in masking.spans_many(texts)]

    return run


def _check_same_as_mask(items: Sequence[Item]) -> int:
    """The spans scored are the ones mask_many replaces: count the texts where they differ."""
    from bot.report import masking

    texts = [item.text for item in items]
    masked = masking.mask_many(texts)
    return sum(m != _apply(t, s) for m, (t, s) in zip(masked, _masker()(texts)))


def _fmt(value: Optional[float]) -> str:
    return "—" if value is None else f"{value:.3f}"


def _lines(name: str, r: Dict, mismatched: int) -> List[str]:
    lines = [f"■ {name}（{r['texts']} 文、{r['texts_per_second']:.0f} 文/秒）", "",
             "| 種類 | 件数 | 再現率 | 基準 |", "|---|---|---|---|"]
    for kind, v in r["recall"].items():
        bar = v["bar"]
        verdict = "—" if bar is None or v["recall"] is None else ("満たす" if v["recall"] >= bar else "未達")
        bar_text = f"≥ {bar:.2f} {verdict}" if bar is not None else "報告のみ（目標 0.98）"
        lost = f"（うち {v['not_found']} 件は文中に見つからず、見逃しに数えました）" if v["not_found"] else ""
        lines.append(f"| {KIND_NAMES[kind]} | {v['labelled']} | {_fmt(v['recall'])}{lost} | {bar_text} |")
    lines += ["", "| 伏せた印 | 件数 | 適合率 |", "|---|---|---|"]
    for label, v in r["precision"].items():
        lines.append(f"| {label} | {v['spans']} | {_fmt(v['precision'])} |")
    lines.append(f"| 合計 | {r['masked_spans']} | {_fmt(r['precision_overall'])} |")
    lines += ["", f"残すべき語の残存率: {_fmt(r['keep']['survival'])}（{r['keep']['labelled']} 語）"]
    if mismatched:
        lines.append(f"注意: {mismatched} 文で、採点した範囲と mask_many の結果が一致しません。")
    return lines


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``banso eval masking``, here and in bot.cli, so that the sets are named in one place."""
    parser.add_argument("--set", choices=SET_CHOICES, default="all", help="測る集合（既定: すべて）")
    parser.add_argument("--json", action="store_true", help="結果を JSON で出します")
    parser.add_argument("--misses", action="store_true",
                        help="選んだ集合で伏せ損ねたものを表示します（開発用の集合のみ。盲検の集合は表示しません）")
    parser.add_argument("--writers", action="store_true",
                        help="学習する伏せ字（CRF）を、書き手一人ずつを除いて学習し、その人の文で測ります（2 コアで数時間）")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="banso eval masking", description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run_command(args)


def run_command(args: argparse.Namespace) -> int:
    """``banso eval masking`` with its parsed options."""
    if args.writers:
        from bot.evaluation import masking_writers

        return masking_writers.leave_one_writer_out()
    return run(args.set, as_json=args.json, misses=args.misses)


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def run(which: str = "all", as_json: bool = False, misses: bool = False) -> int:
    if which not in SET_CHOICES:
        print(f"集合は {'・'.join(SET_CHOICES)} のどれかです（{which} は知りません）。", file=sys.stderr)
        return 2
    if misses and which not in MISSES_ALLOWED + ("all",):
        print(f"「{SET_NAMES[which]}」の集合の伏せ損ねは表示しません（盲検を保つため）。"
              f"--misses は開発用の集合（{'・'.join(MISSES_ALLOWED)}）と使ってください。", file=sys.stderr)
        return 2
    keys = [key for key in SETS if which in ("all", key)]
    present = [key for key in keys if SETS[key].exists()]
    lines: List[str] = []
    out: Dict[str, Dict] = {}
    for key in keys:
        if key not in present:
            lines += [f"「{SET_NAMES[key]}」の集合（{_relative(SETS[key])}）はまだありません。飛ばしました。", ""]
    if present:
        import bot.without_tensorflow  # noqa: F401  (before spaCy)
        from bot import analysis
        from bot.report import learned_masking

        analysis.parse_many(["準備です。"])  # load GiNZA before anything is timed
    for key in present:
        items = load(SETS[key])
        result = score(items, _masker())
        r = rates(result)
        r["mismatched"] = _check_same_as_mask(items)
        show = misses and key in MISSES_ALLOWED
        if show:
            r["misses"] = result["misses"]
        out[key] = r
        # (the CRF's figures on its own training texts are no measure of a new writer)
        trained = "。CRF の学習にも使った文" if key in learned_masking.DEVELOPMENT_SETS else ""
        lines += _lines(f"{SET_NAMES[key]}（{_relative(SETS[key])}{trained}）", r, r["mismatched"]) + [""]
        if show:
            lines += [f"  {i} {kind}: {text}" for i, kind, text in result["misses"]] + [""]
        elif misses:
            lines += [f"（「{SET_NAMES[key]}」の伏せ損ねは表示しません。）", ""]
    if as_json:
        skipped = [key for key in keys if key not in present]
        print(json.dumps({**out, **({"skipped": skipped} if skipped else {})}, ensure_ascii=False, indent=2))
    else:
        print("\n".join(["## 個人情報の伏せ字（`banso eval masking`）", ""] + lines).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
