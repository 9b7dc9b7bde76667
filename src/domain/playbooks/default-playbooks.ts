/**
 * The default playbooks, one per situation, after PRODUCT.md rule 7 and the
 * practitioner articles in shared/sources: calm first, specifics second;
 * thanks and an apology, then substance; never ask to remove a post; let
 * trolls go; answer every idea either way. A brand may replace any of them.
 */
import type { PlaybookKey, PlaybookStep } from './playbook.js';

type Step = PlaybookStep;
const step = (key: string, title: Step['title'], guidance: Step['guidance']): Step => ({ key, title, guidance });

export const DEFAULT_PLAYBOOKS: Record<PlaybookKey, PlaybookStep[]> = {
  service_complaint: [
    step(
      'apologise',
      { en: 'Apologise personally', ru: 'Извинитесь лично', ro: 'Cereți scuze personal', ar: 'اعتذر بشكل شخصي' },
      {
        en: 'Thank them for telling you and apologise, in your own words, for the specific thing that went wrong. Calm first: do not ask for details in the same breath.',
        ru: 'Поблагодарите за сообщение и своими словами извинитесь за то, что именно пошло не так. Сначала успокоить: не требуйте подробностей в той же фразе.',
        ro: 'Mulțumiți că v-a spus și cereți scuze, cu cuvintele dumneavoastră, pentru ce anume nu a mers. Întâi calmați: nu cereți detalii în aceeași frază.',
        ar: 'اشكره على إبلاغك واعتذر بكلماتك أنت عن الخطأ المحدد. التهدئة أولاً: لا تطلب التفاصيل في الجملة نفسها.',
      },
    ),
    step(
      'clarify',
      {
        en: 'Find out exactly what is wrong and what they need',
        ru: 'Выясните, что именно не так и что нужно клиенту',
        ro: 'Aflați exact ce nu merge și de ce are nevoie clientul',
        ar: 'اعرف بالضبط ما المشكلة وما يحتاجه العميل',
      },
      {
        en: 'Ask only what you need to act: order number, date, device. Gather facts, figures and documents in the case before answering on substance.',
        ru: 'Спросите только то, без чего нельзя действовать: номер заказа, дату, устройство. Соберите факты, цифры и документы в кейсе до ответа по существу.',
        ro: 'Întrebați doar ce vă trebuie ca să acționați: numărul comenzii, data, dispozitivul. Strângeți faptele, cifrele și documentele în caz înainte de răspunsul pe fond.',
        ar: 'اسأل فقط عما تحتاجه للتصرف: رقم الطلب، التاريخ، الجهاز. اجمع الحقائق والأرقام والمستندات في الحالة قبل الرد في الجوهر.',
      },
    ),
    step(
      'ask_team',
      {
        en: 'Ask the developers or the manager how fast it can be fixed',
        ru: 'Узнайте у разработчиков или руководителя, как быстро это исправят',
        ro: 'Întrebați dezvoltatorii sau managerul cât de repede se poate repara',
        ar: 'اسأل المطورين أو المدير عن سرعة الإصلاح',
      },
      {
        en: 'Ask a specialist inside the case and link the internal fix. If nothing can be found, say so quickly and point to who can help.',
        ru: 'Задайте вопрос специалисту внутри кейса и привяжите внутреннюю задачу. Если ничего не нашли, быстро скажите об этом и подскажите, кто может помочь.',
        ro: 'Întrebați un specialist în interiorul cazului și legați sarcina internă. Dacă nu ați găsit nimic, spuneți repede și arătați cine poate ajuta.',
        ar: 'اسأل مختصاً داخل الحالة واربط مهمة الإصلاح الداخلية. إن لم تجد شيئاً فقل ذلك بسرعة ودلّه على من يستطيع المساعدة.',
      },
    ),
    step(
      'tell_wait',
      {
        en: 'Tell the customer the wait and ask if it works for them',
        ru: 'Назовите клиенту срок и спросите, подходит ли он',
        ro: 'Spuneți clientului termenul și întrebați dacă îi convine',
        ar: 'أخبر العميل بمدة الانتظار واسأله إن كانت تناسبه',
      },
      {
        en: 'Give a date, not "soon". A promise without a date is a stock phrase.',
        ru: 'Назовите дату, а не «в ближайшее время». Обещание без срока — это отписка.',
        ro: 'Dați o dată, nu „în curând”. O promisiune fără termen e o formulă goală.',
        ar: 'اذكر موعداً محدداً وليس «قريباً». الوعد بلا موعد عبارة جاهزة.',
      },
    ),
    step(
      'close_or_alternative',
      {
        en: 'If it works: thank and close; if not, offer another way',
        ru: 'Если подходит — поблагодарите и закройте; если нет — предложите другой путь',
        ro: 'Dacă îi convine, mulțumiți și închideți; dacă nu, oferiți altă cale',
        ar: 'إن ناسبه فاشكره وأغلق؛ وإلا فاقترح طريقة أخرى',
      },
      {
        en: 'When the fix ships, tell the customer and ask whether the problem is really gone. If the wait does not work for them: a workaround, the file by e-mail, an alternative.',
        ru: 'Когда исправление выйдет, сообщите клиенту и спросите, действительно ли проблема ушла. Если срок не подходит — обходной путь, файл по почте, альтернатива.',
        ro: 'Când repararea e gata, spuneți-i clientului și întrebați dacă problema a dispărut cu adevărat. Dacă termenul nu-i convine: o soluție ocolitoare, fișierul pe e-mail, o alternativă.',
        ar: 'عند صدور الإصلاح أخبر العميل واسأله هل زالت المشكلة فعلاً. وإن لم تناسبه المدة: حل بديل، أو الملف بالبريد، أو خيار آخر.',
      },
    ),
  ],
  price_question: [
    step(
      'ask_why',
      {
        en: 'Ask why, and what price seems fair',
        ru: 'Спросите почему и какая цена кажется справедливой',
        ro: 'Întrebați de ce și ce preț i se pare corect',
        ar: 'اسأل عن السبب وما السعر الذي يراه عادلاً',
      },
      {
        en: 'Listen first: the answer tells you what they compare us with.',
        ru: 'Сначала выслушайте: ответ покажет, с чем нас сравнивают.',
        ro: 'Întâi ascultați: răspunsul vă arată cu ce ne compară.',
        ar: 'استمع أولاً: الإجابة تخبرك بما يقارننا به.',
      },
    ),
    step(
      'discounts',
      {
        en: 'Tell about the discounts that exist',
        ru: 'Расскажите о существующих скидках',
        ro: 'Spuneți ce reduceri există',
        ar: 'أخبره بالخصومات المتاحة',
      },
      {
        en: 'Only real, current offers, with their conditions.',
        ru: 'Только реальные действующие предложения, с условиями.',
        ro: 'Doar oferte reale, în vigoare, cu condițiile lor.',
        ar: 'العروض الحقيقية السارية فقط، مع شروطها.',
      },
    ),
    step(
      'no_discount',
      {
        en: 'If there are none, say so plainly',
        ru: 'Если скидок нет — скажите прямо',
        ro: 'Dacă nu sunt, spuneți-o direct',
        ar: 'إن لم توجد خصومات فقل ذلك بوضوح',
      },
      {
        en: 'No evasions: a plain "there is no discount now" is respected.',
        ru: 'Без уверток: прямое «сейчас скидок нет» вызывает уважение.',
        ro: 'Fără ocolișuri: un „acum nu avem reduceri” spus direct e respectat.',
        ar: 'بلا مراوغة: «لا يوجد خصم الآن» بوضوح تُحترم.',
      },
    ),
    step(
      'explain_price',
      {
        en: 'Explain what the price contains',
        ru: 'Объясните, из чего складывается цена',
        ro: 'Explicați ce conține prețul',
        ar: 'اشرح ما يتضمنه السعر',
      },
      {
        en: 'Facts and figures: what is included, what it costs us, what the customer gets.',
        ru: 'Факты и цифры: что входит, во что это обходится, что получает клиент.',
        ro: 'Fapte și cifre: ce include, cât ne costă, ce primește clientul.',
        ar: 'حقائق وأرقام: ما المشمول، وكم يكلفنا، وما يحصل عليه العميل.',
      },
    ),
    step(
      'their_view',
      {
        en: 'Ask: "What would you do in our place?"',
        ru: 'Спросите: «Как бы вы поступили на нашем месте?»',
        ro: 'Întrebați: „Ce ați face în locul nostru?”',
        ar: 'اسأل: «ماذا كنت ستفعل مكاننا؟»',
      },
      {
        en: 'Invite them in; sometimes the answer is a good idea for the backlog.',
        ru: 'Пригласите к диалогу: иногда ответ — хорошая идея для бэклога.',
        ro: 'Invitați-l în discuție: uneori răspunsul e o idee bună pentru listă.',
        ar: 'ادعه للحوار: أحياناً يكون الجواب فكرة جيدة لقائمة الأفكار.',
      },
    ),
    step(
      'part_friends',
      {
        en: 'If it goes on, suggest a free alternative and part friends',
        ru: 'Если спор продолжается — предложите бесплатную альтернативу и расстаньтесь друзьями',
        ro: 'Dacă discuția continuă, propuneți o alternativă gratuită și despărțiți-vă prieteni',
        ar: 'إن استمر النقاش فاقترح بديلاً مجانياً وافترقا وديّاً',
      },
      {
        en: 'No argument about value; wish them well.',
        ru: 'Не спорьте о ценности; пожелайте всего доброго.',
        ro: 'Nu vă certați despre valoare; urați-i bine.',
        ar: 'لا تجادل في القيمة؛ وتمنَّ له الخير.',
      },
    ),
  ],
  public_negative_comment: [
    step(
      'find_cause',
      {
        en: 'Find out what angered the person',
        ru: 'Выясните, что рассердило человека',
        ro: 'Aflați ce l-a supărat pe om',
        ar: 'اعرف ما الذي أغضب الشخص',
      },
      {
        en: 'Read the whole thread and their earlier messages before writing.',
        ru: 'Прочитайте всю ветку и прежние сообщения автора, прежде чем писать.',
        ro: 'Citiți tot firul și mesajele lui anterioare înainte să scrieți.',
        ar: 'اقرأ السلسلة كاملة ورسائله السابقة قبل الكتابة.',
      },
    ),
    step(
      'apologise',
      { en: 'Apologise for exactly that', ru: 'Извинитесь именно за это', ro: 'Cereți scuze exact pentru asta', ar: 'اعتذر عن ذلك تحديداً' },
      {
        en: 'Publicly, calmly, without blaming the customer. Observers judge the company by this reply.',
        ru: 'Публично, спокойно, не обвиняя клиента. Наблюдатели судят о компании по этому ответу.',
        ro: 'Public, calm, fără a da vina pe client. Cei care citesc judecă firma după acest răspuns.',
        ar: 'علناً وبهدوء ودون لوم العميل. المتابعون يحكمون على الشركة من هذا الرد.',
      },
    ),
    step(
      'ask_remedy',
      {
        en: 'Ask what would put it right',
        ru: 'Спросите, что исправит ситуацию',
        ro: 'Întrebați ce ar îndrepta lucrurile',
        ar: 'اسأل ما الذي يصلح الأمر',
      },
      {
        en: 'Offer to continue in private if details are personal, but answer in public too.',
        ru: 'Предложите продолжить в личных сообщениях, если детали личные, но ответьте и публично.',
        ro: 'Propuneți să continuați în privat dacă detaliile sunt personale, dar răspundeți și public.',
        ar: 'اقترح المتابعة في الخاص إن كانت التفاصيل شخصية، لكن رُدّ علناً أيضاً.',
      },
    ),
    step(
      'fix',
      {
        en: 'Fix it if the team agrees',
        ru: 'Исправьте, если команда согласна',
        ro: 'Reparați, dacă echipa e de acord',
        ar: 'أصلح الأمر إن وافق الفريق',
      },
      {
        en: 'Never ask them to remove the post. Tell them when it is done.',
        ru: 'Никогда не просите удалить пост. Сообщите, когда всё будет сделано.',
        ro: 'Nu cereți niciodată ștergerea postării. Anunțați-l când e gata.',
        ar: 'لا تطلب أبداً حذف المنشور. أخبره عند الانتهاء.',
      },
    ),
  ],
  conflict_for_conflict: [
    step(
      'let_go',
      {
        en: 'Let it go: do not feed the troll',
        ru: 'Отпустите: не кормите тролля',
        ro: 'Lăsați-o baltă: nu hrăniți trolul',
        ar: 'تجاهل: لا تُطعم المتصيّد',
      },
      {
        en: 'No argument. At most one calm, short public reaction, or none. Record why you do not engage. Threats and insults are flagged and kept as evidence.',
        ru: 'Не спорьте. Не больше одной спокойной короткой публичной реакции или ни одной. Запишите, почему не вступаете в диалог. Угрозы и оскорбления отмечаются и сохраняются как доказательства.',
        ro: 'Fără ceartă. Cel mult o reacție publică scurtă și calmă, sau niciuna. Notați de ce nu intrați în discuție. Amenințările și insultele sunt marcate și păstrate ca dovezi.',
        ar: 'لا جدال. رد علني واحد قصير وهادئ على الأكثر أو لا شيء. سجّل سبب عدم التفاعل. التهديدات والإهانات تُعلَّم وتُحفظ كدليل.',
      },
    ),
    step(
      'no_grudges',
      { en: 'No grudges', ru: 'Без обид', ro: 'Fără ranchiună', ar: 'بلا ضغينة' },
      {
        en: "If they come back with a real problem, treat it like anyone else's.",
        ru: 'Если человек вернется с настоящей проблемой, отнеситесь к ней как к любой другой.',
        ro: 'Dacă revine cu o problemă reală, tratați-o ca pe a oricui.',
        ar: 'إن عاد بمشكلة حقيقية فعاملها كمشكلة أي شخص آخر.',
      },
    ),
  ],
  idea: [
    step(
      'thank',
      { en: 'Thank them for the idea', ru: 'Поблагодарите за идею', ro: 'Mulțumiți pentru idee', ar: 'اشكره على الفكرة' },
      {
        en: 'Say what you understood of it, in a sentence.',
        ru: 'Одной фразой скажите, как вы ее поняли.',
        ro: 'Spuneți într-o frază ce ați înțeles din ea.',
        ar: 'قل في جملة واحدة ما فهمته منها.',
      },
    ),
    step(
      'discuss',
      { en: 'Discuss it with the team', ru: 'Обсудите с командой', ro: 'Discutați-o cu echipa', ar: 'ناقشها مع الفريق' },
      {
        en: 'It is in the idea backlog: set its status (discussed, planned, declined, done).',
        ru: 'Идея в бэклоге идей: поставьте ей статус (обсуждена, запланирована, отклонена, сделана).',
        ro: 'Ideea e în lista de idei: setați-i starea (discutată, planificată, respinsă, realizată).',
        ar: 'الفكرة في قائمة الأفكار: حدّد حالتها (نوقشت، مخطط لها، مرفوضة، منفّذة).',
      },
    ),
    step(
      'answer',
      { en: 'Answer either way', ru: 'Ответьте в любом случае', ro: 'Răspundeți oricum ar fi', ar: 'أجب في كل الأحوال' },
      {
        en: 'Planned, declined or done: tell them which, and why. The case is not done until they have heard.',
        ru: 'Запланирована, отклонена или сделана — скажите, что именно и почему. Кейс не закрыт, пока клиент не получил ответ.',
        ro: 'Planificată, respinsă sau realizată: spuneți-i care și de ce. Cazul nu e încheiat până nu primește răspuns.',
        ar: 'مخطط لها أو مرفوضة أو منفّذة: أخبره أيها ولماذا. لا تُغلق الحالة قبل أن يصله الرد.',
      },
    ),
  ],
  other: [
    step(
      'read',
      { en: 'Read the whole conversation', ru: 'Прочитайте весь разговор', ro: 'Citiți toată conversația', ar: 'اقرأ المحادثة كاملة' },
      {
        en: 'Decide whether it asks for something, praises, or only mentions us.',
        ru: 'Решите, просит ли автор о чем-то, хвалит или просто упоминает нас.',
        ro: 'Decideți dacă cere ceva, laudă sau doar ne pomenește.',
        ar: 'قرّر هل يطلب شيئاً أم يمدح أم يذكرنا فقط.',
      },
    ),
    step(
      'respond',
      {
        en: 'Answer or thank, in a human voice',
        ru: 'Ответьте или поблагодарите — по-человечески',
        ro: 'Răspundeți sau mulțumiți, omenește',
        ar: 'أجب أو اشكر بأسلوب إنساني',
      },
      {
        en: 'Questions get facts and a date; praise gets thanks in your own words.',
        ru: 'На вопрос — факты и срок; на похвалу — благодарность своими словами.',
        ro: 'La întrebări: fapte și un termen; la laude: mulțumiri cu cuvintele proprii.',
        ar: 'للأسئلة: حقائق وموعد؛ وللمديح: شكر بكلماتك.',
      },
    ),
  ],
  // Black PR (PRODUCT.md rule 3; "происки конкурентов" in the sources): not an argument — evidence, the manager and legal, one factual reply at most.
  black_pr: [
    step(
      'keep_evidence',
      { en: 'Keep the evidence', ru: 'Сохраните доказательства', ro: 'Păstrați dovezile', ar: 'احتفظ بالأدلة' },
      {
        en: 'The post, its link and time, the author’s account and any near-identical posts stay in the case. Do not edit, hide or delete anything.',
        ru: 'Пост, ссылка и время, аккаунт автора и похожие посты остаются в кейсе. Ничего не редактируйте, не скрывайте и не удаляйте.',
        ro: 'Postarea, linkul și ora, contul autorului și postările aproape identice rămân în caz. Nu editați, nu ascundeți și nu ștergeți nimic.',
        ar: 'يبقى المنشور ورابطه ووقته وحساب كاتبه وأي منشورات شبه مطابقة في الحالة. لا تعدّل شيئاً ولا تخفِه ولا تحذفه.',
      },
    ),
    step(
      'dont_argue',
      { en: 'Do not argue', ru: 'Не вступайте в спор', ro: 'Nu intrați în dispută', ar: 'لا تدخل في جدال' },
      {
        en: 'A smear is not a conversation: no reply in the heat of the moment, no arguing in the comments, no thanks for the post. The manager has been told.',
        ru: 'Заказной негатив — не разговор: не отвечайте сгоряча, не спорьте в комментариях и не благодарите за пост. Руководитель уже в курсе.',
        ro: 'O campanie de denigrare nu e o conversație: nu răspundeți la cald, nu vă certați în comentarii, nu mulțumiți pentru postare. Managerul a fost anunțat.',
        ar: 'التشهير ليس حواراً: لا ترد في لحظة انفعال، ولا تجادل في التعليقات، ولا تشكر على المنشور. تم إبلاغ المدير.',
      },
    ),
    step(
      'legal_review',
      { en: 'Legal review', ru: 'Юридическая проверка', ro: 'Verificare juridică', ar: 'مراجعة قانونية' },
      {
        en: 'The manager and legal decide whether to answer at all, what may be said, and whether to report the post to the platform or take it further.',
        ru: 'Руководитель и юрист решают, отвечать ли вообще, что можно сказать и стоит ли пожаловаться на пост площадке или идти дальше.',
        ro: 'Managerul și juristul decid dacă se răspunde, ce se poate spune și dacă postarea se semnalează platformei sau se merge mai departe.',
        ar: 'يقرر المدير والمستشار القانوني هل نرد أصلاً، وما الذي يجوز قوله، وهل نبلّغ المنصة عن المنشور أو نتخذ إجراءً أبعد.',
      },
    ),
    step(
      'factual_reply',
      {
        en: 'One factual reply, after approval',
        ru: 'Один ответ по фактам — после согласования',
        ro: 'Un singur răspuns pe fapte, după aprobare',
        ar: 'رد واحد بالحقائق بعد الموافقة',
      },
      {
        en: 'If a reply is agreed: one short public reply with facts anyone can check (what we checked, what we found) and an offer to a real customer to write to us directly; no emotion, no thanks. It goes out only after approval; then stop.',
        ru: 'Если решили отвечать: один короткий публичный ответ с проверяемыми фактами (что проверили, что нашли) и предложением настоящему клиенту написать нам напрямую; без эмоций и без благодарностей. Уходит только после согласования; дальше не продолжайте.',
        ro: 'Dacă s-a hotărât un răspuns: unul singur, scurt și public, cu fapte verificabile (ce am verificat, ce am găsit) și invitația ca un client real să ne scrie direct; fără emoții, fără mulțumiri. Pleacă doar după aprobare; apoi nu mai continuați.',
        ar: 'إن تقرر الرد: رد علني واحد قصير بحقائق يمكن لأي أحد التحقق منها (ما فحصناه وما وجدناه) مع دعوة العميل الحقيقي إلى مراسلتنا مباشرة؛ بلا انفعال وبلا شكر. لا يُرسل إلا بعد الموافقة، ثم توقف.',
      },
    ),
  ],
  // A threat of harm or a legal threat (ru-difficult-clients-support: keep the record, stay calm and polite, warn calmly once).
  threat: [
    step(
      'keep_record',
      { en: 'Keep the record', ru: 'Зафиксируйте всё', ro: 'Păstrați evidența', ar: 'وثّق كل شيء' },
      {
        en: 'The message, its link and time are in the case and went to the legal contacts. Delete nothing; calls are recorded.',
        ru: 'Сообщение, ссылка и время сохранены в кейсе и отправлены юристам. Ничего не удаляйте; звонки записываются.',
        ro: 'Mesajul, linkul și ora sunt în caz și au fost trimise juriștilor. Nu ștergeți nimic; apelurile se înregistrează.',
        ar: 'الرسالة ورابطها ووقتها محفوظة في الحالة وأُرسلت إلى جهة الاتصال القانونية. لا تحذف شيئاً؛ المكالمات تُسجَّل.',
      },
    ),
    step(
      'stay_calm',
      { en: 'Stay calm and polite', ru: 'Сохраняйте спокойствие и вежливость', ro: 'Rămâneți calm și politicos', ar: 'حافظ على الهدوء والأدب' },
      {
        en: 'Never step down to the same level and never threaten back: a raised voice comes back as more posts.',
        ru: 'Ни в коем случае не вставайте на один уровень с собеседником и не угрожайте в ответ: повышенный тон вернётся новыми отзывами.',
        ro: 'Nu coborâți niciodată la același nivel și nu amenințați înapoi: un ton ridicat se întoarce ca alte postări.',
        ar: 'لا تنزل أبداً إلى المستوى نفسه ولا ترد بالتهديد: الصوت المرتفع يعود إليك منشوراتٍ جديدة.',
      },
    ),
    step(
      'state_rules',
      {
        en: 'State the rules calmly, once',
        ru: 'Спокойно обозначьте правила — один раз',
        ro: 'Spuneți calm regulile, o singură dată',
        ar: 'اذكر القواعد بهدوء مرة واحدة',
      },
      {
        en: 'One calm reply: we want to help with the problem itself; insults and threats are recorded and may be passed on to the authorities. Not at every turn: once, calmly.',
        ru: 'Один спокойный ответ: мы готовы помочь по существу; оскорбления и угрозы фиксируются и могут быть переданы в соответствующие органы. Не на каждом шагу — один раз и спокойно.',
        ro: 'Un singur răspuns calm: vrem să vă ajutăm cu problema în sine; insultele și amenințările sunt înregistrate și pot fi transmise autorităților. Nu la fiecare pas: o dată, calm.',
        ar: 'رد هادئ واحد: نريد المساعدة في المشكلة نفسها؛ الإهانات والتهديدات تُسجَّل ويمكن إحالتها إلى الجهات المختصة. ليس في كل مرة: مرة واحدة وبهدوء.',
      },
    ),
    step(
      'legal_decides',
      { en: 'Legal decides what follows', ru: 'Дальше решают юристы', ro: 'Juriștii decid ce urmează', ar: 'القسم القانوني يقرر الخطوة التالية' },
      {
        en: 'Legal and the manager decide whether to report it. A real problem behind the threat is still answered on substance.',
        ru: 'Юрист и руководитель решают, обращаться ли в органы. Реальную проблему за угрозой всё равно решаем по существу.',
        ro: 'Juristul și managerul decid dacă o raportează. O problemă reală din spatele amenințării primește totuși răspuns pe fond.',
        ar: 'يقرر القانوني والمدير هل يُبلَّغ عنها. أما المشكلة الحقيقية وراء التهديد فنجيب عنها في جوهرها.',
      },
    ),
  ],
};

/** Added to a case's playbook when the customer says they are leaving (the `churn` flag), before its last step. */
export const RETENTION_STEP: PlaybookStep = step(
  'retain',
  { en: 'Keep the customer', ru: 'Удержите клиента', ro: 'Păstrați clientul', ar: 'حافظ على العميل' },
  {
    en: 'They say they are leaving: answer today, say what you will do and by when, and ask what would make them stay. No pressure, and no hoops to cancel.',
    ru: 'Клиент говорит, что уходит: ответьте сегодня, скажите, что и к какому сроку сделаете, и спросите, что поможет ему остаться. Без давления и без препятствий к отказу.',
    ro: 'Spune că pleacă: răspundeți azi, spuneți ce veți face și până când și întrebați ce l-ar face să rămână. Fără presiuni și fără piedici la reziliere.',
    ar: 'يقول إنه سيغادر: رد اليوم، وقل ما ستفعله ومتى، واسأله ما الذي يجعله يبقى. بلا ضغط ولا عراقيل أمام الإلغاء.',
  },
);
